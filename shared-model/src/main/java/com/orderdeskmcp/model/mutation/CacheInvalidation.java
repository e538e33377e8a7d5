package com.orderdeskmcp.model.mutation;

import java.time.Instant;
import java.util.List;

/**
 * Tells every mcp-front instance which cached reads of a store are stale.
 *
 * @param orderIds   orders whose cached copies must go
 * @param orderLists whether cached order searches of the store must go too (a change can move an
 *                   order in or out of any filtered list)
 * @param cause      the mutation id (or webhook delivery) that made them stale, for tracing
 */
public record CacheInvalidation(String tenantId, String storeId, List<String> orderIds, boolean orderLists,
                                String cause, Instant at) {

    public CacheInvalidation {
        orderIds = List.copyOf(orderIds);
    }

    public static CacheInvalidation ofOrder(MutationEvent event) {
        return new CacheInvalidation(event.tenantId(), event.storeId(), List.of(event.orderId()), true,
                event.mutationId(), event.completedAt());
    }
}
