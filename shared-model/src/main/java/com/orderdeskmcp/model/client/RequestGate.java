package com.orderdeskmcp.model.client;

/**
 * Admits one request to OrderDesk for a store, waiting as long as its rate limit requires.
 * OrderDesk allows 20 requests in a burst and 3 per second per store, for all callers together.
 */
@FunctionalInterface
public interface RequestGate {

    RequestGate OPEN = storeId -> {
    };

    void admit(String storeId);
}
