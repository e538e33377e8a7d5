package com.orderdeskmcp.front.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.orderdeskmcp.front.FrontProperties;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.mutation.CacheInvalidation;
import org.springframework.stereotype.Component;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads orders through a per-tenant, per-store cache. An invalidation bumps the store's generation
 * before it evicts, and a read caches its answer only if no invalidation of that store started
 * while it was fetching: a fetch that raced a mutation cannot put a stale order back in the cache.
 */
@Component
public class OrderReader {

    /** Everything a cached answer depends on: who asked, which store, what, with which parameters. */
    record Key(String tenantId, String storeId, String kind, String id) {
    }

    private final OrderDeskClient orderDesk;
    private final Cache<Key, ObjectNode> cache;
    private final ConcurrentMap<String, AtomicLong> generations = new ConcurrentHashMap<>();

    public OrderReader(OrderDeskClient orderDesk, FrontProperties properties) {
        this.orderDesk = orderDesk;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.cacheTtl())
                .maximumSize(properties.cacheMaxEntries())
                .build();
    }

    public ObjectNode order(String tenantId, StoreCredentials store, String orderId) {
        Key key = new Key(tenantId, store.storeId(), "order", orderId);
        ObjectNode cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached.deepCopy();
        }
        AtomicLong generation = generation(store.storeId());
        long before = generation.get();
        ObjectNode fresh = orderDesk.getOrder(store, orderId);
        cache.put(key, fresh);
        if (generation.get() != before) {
            cache.invalidate(key);
        }
        return fresh.deepCopy();
    }

    /** Applies an invalidation from any instance's mutation (or OrderDesk's webhook), whatever the tenant. */
    public void invalidate(CacheInvalidation invalidation) {
        generation(invalidation.storeId()).incrementAndGet();
        cache.asMap().keySet().removeIf(key -> key.storeId().equals(invalidation.storeId())
                && (("order".equals(key.kind()) && invalidation.orderIds().contains(key.id()))
                || (!"order".equals(key.kind()) && invalidation.orderLists())));
    }

    private AtomicLong generation(String storeId) {
        return generations.computeIfAbsent(storeId, id -> new AtomicLong());
    }
}
