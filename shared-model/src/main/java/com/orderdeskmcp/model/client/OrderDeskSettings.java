package com.orderdeskmcp.model.client;

import com.orderdeskmcp.model.ratelimit.SharedRateLimit;
import com.orderdeskmcp.model.stores.ConfiguredStoreVault.ConfiguredStore;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings under {@code orderdesk.*}, shared by both apps.
 *
 * @param baseUrl        the API root, {@code https://app.orderdesk.me/api/v2} for the real service
 * @param connectTimeout how long to wait for a connection (the official client uses 10 s)
 * @param callTimeout    how long one call may take in all
 * @param stores         stores known at start: tenant, store id, API key
 * @param rateLimit      OrderDesk's request budget per store, shared by every process of both apps
 *                       (OrderDesk: 20 in a burst, 3 per second; default 20 and 2.9, leaving room for
 *                       clock drift); configure it the same everywhere
 * @param rateLimits     per-store exceptions to {@code rateLimit}
 */
// One constructor only: Spring's Binder binds a record through its canonical constructor.
public record OrderDeskSettings(String baseUrl, Duration connectTimeout, Duration callTimeout,
                                List<ConfiguredStore> stores, SharedRateLimit.Limit rateLimit,
                                Map<String, SharedRateLimit.Limit> rateLimits) {

    public OrderDeskSettings {
        baseUrl = baseUrl == null ? "https://app.orderdesk.me/api/v2" : baseUrl;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        callTimeout = callTimeout == null ? Duration.ofSeconds(30) : callTimeout;
        stores = stores == null ? List.of() : List.copyOf(stores);
        rateLimit = rateLimit == null ? new SharedRateLimit.Limit(18, 2.9) : rateLimit;
        rateLimits = rateLimits == null ? Map.of() : Map.copyOf(rateLimits);
    }

    public OrderDeskClient newClient() {
        return new OrderDeskClient(baseUrl, connectTimeout, callTimeout);
    }

    public OrderDeskClient newClient(RequestGate gate) {
        return new OrderDeskClient(baseUrl, connectTimeout, callTimeout, gate);
    }
}
