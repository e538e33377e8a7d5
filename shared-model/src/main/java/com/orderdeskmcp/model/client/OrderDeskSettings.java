package com.orderdeskmcp.model.client;

import com.orderdeskmcp.model.stores.ConfiguredStoreVault.ConfiguredStore;

import java.time.Duration;
import java.util.List;

/**
 * Settings under {@code orderdesk.*}, shared by both apps.
 *
 * @param baseUrl        the API root, {@code https://app.orderdesk.me/api/v2} for the real service
 * @param connectTimeout how long to wait for a connection (the official client uses 10 s)
 * @param callTimeout    how long one call may take in all
 * @param stores         stores known at start: tenant, store id, API key
 */
public record OrderDeskSettings(String baseUrl, Duration connectTimeout, Duration callTimeout,
                                List<ConfiguredStore> stores) {

    public OrderDeskSettings {
        baseUrl = baseUrl == null ? "https://app.orderdesk.me/api/v2" : baseUrl;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        callTimeout = callTimeout == null ? Duration.ofSeconds(30) : callTimeout;
        stores = stores == null ? List.of() : List.copyOf(stores);
    }

    public OrderDeskClient newClient() {
        return new OrderDeskClient(baseUrl, connectTimeout, callTimeout);
    }

    public OrderDeskClient newClient(RequestGate gate) {
        return new OrderDeskClient(baseUrl, connectTimeout, callTimeout, gate);
    }
}
