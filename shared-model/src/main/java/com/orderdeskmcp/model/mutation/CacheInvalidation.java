package com.orderdeskmcp.model.mutation;

import java.time.Instant;
import java.util.List;

/**
 * Tells every mcp-front instance which cached reads of a store are stale.
 *
 * @param orderIds   orders whose cached copies (and sub-resources: items, shipments) must go
 * @param orderLists whether cached order searches of the store must go too (a change can move an
 *                   order in or out of any filtered list)
 * @param inventory  whether cached inventory reads of the store must go
 * @param cause      the mutation id (or webhook delivery) that made them stale, for tracing
 */
public record CacheInvalidation(String tenantId, String storeId, List<String> orderIds, boolean orderLists,
                                boolean inventory, String cause, Instant at) {

    public CacheInvalidation {
        orderIds = List.copyOf(orderIds);
    }

    /** What a terminal event makes stale: its order and the store's lists, or the store's inventory. */
    public static CacheInvalidation of(MutationEvent event) {
        boolean inventoryChange = event.subject().startsWith("inventory/");
        return new CacheInvalidation(event.header().tenantId(), event.header().storeId(),
                event.orderId().map(List::of).orElse(List.of()), !inventoryChange, inventoryChange,
                event.mutationId(), event.completedAt());
    }
}
