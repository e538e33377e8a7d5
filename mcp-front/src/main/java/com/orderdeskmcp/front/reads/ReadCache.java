package com.orderdeskmcp.front.reads;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.orderdeskmcp.model.client.OrderDeskException;
import com.orderdeskmcp.model.client.UpstreamFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.orderdeskmcp.front.FrontProperties;
import com.orderdeskmcp.model.mutation.CacheInvalidation;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every read from OrderDesk goes through here: one in-process cache whose key holds the tenant, the
 * store, what was read and every parameter of the call. An invalidation bumps the store's generation
 * before it evicts, and a read caches its answer only if no invalidation of that store started while
 * it was fetching: a fetch that raced a mutation cannot put a stale answer back.
 */
@Component
public class ReadCache {

    /** What was read. Order-scoped entries (the order, its items, its shipments) go when the order changes. */
    public enum Scope { ORDER, ORDER_LIST, INVENTORY_ITEM, INVENTORY_LIST, STORE }

    /** Everything a cached answer depends on; {@code params} is the canonical form of every other parameter. */
    public record Key(String tenantId, String storeId, Scope scope, String subject, String params) {
        public static Key of(String tenantId, String storeId, Scope scope, String subject, Map<String, ?> params) {
            return new Key(tenantId, storeId, scope, subject == null ? "" : subject,
                    params == null || params.isEmpty() ? "" : new TreeMap<>(params).toString());
        }
    }

    private final Cache<Key, JsonNode> cache;
    private final ConcurrentMap<String, AtomicLong> generations = new ConcurrentHashMap<>();

    private final Counter hits;
    private final Counter misses;
    private final Duration rateLimitWait;

    public ReadCache(FrontProperties properties, MeterRegistry registry) {
        this.hits = Counter.builder("orderdesk.cache.gets").tag("result", "hit").register(registry);
        this.misses = Counter.builder("orderdesk.cache.gets").tag("result", "miss").register(registry);
        this.rateLimitWait = properties.readRateLimitWait();
        Duration single = properties.cacheTtl();
        Duration lists = properties.listCacheTtl();
        this.cache = Caffeine.newBuilder()
                .maximumSize(properties.cacheMaxEntries())
                .expireAfter(Expiry.<Key, JsonNode>creating((key, value) -> switch (key.scope()) {
                    case ORDER_LIST, INVENTORY_LIST -> lists;
                    default -> single;
                }))
                .build();
    }

    /** The cached answer, else a fresh one (cached unless an invalidation of the store raced it). Always a copy. */
    public JsonNode get(Key key, Supplier<? extends JsonNode> fetch) {
        JsonNode cached = cache.getIfPresent(key);
        if (cached != null) {
            hits.increment();
            return cached.deepCopy();
        }
        misses.increment();
        AtomicLong generation = generation(key.storeId());
        long before = generation.get();
        JsonNode fresh = withinRateLimit(fetch);
        if (fresh == null) {
            return null;
        }
        cache.put(key, fresh);
        if (generation.get() != before) {
            cache.invalidate(key);
        }
        return fresh.deepCopy();
    }

    /**
     * Reads already wait for the shared per-store budget; a 429 can still come when someone else
     * spends the store's budget. It is waited out (X-Retry-After) while that fits in the read's
     * wait budget, rather than turned into a failure.
     */
    private JsonNode withinRateLimit(Supplier<? extends JsonNode> fetch) {
        Duration waited = Duration.ZERO;
        while (true) {
            try {
                return fetch.get();
            } catch (OrderDeskException e) {
                Duration wait = e.retryAfter().orElse(Duration.ofSeconds(1));
                if (e.kind() != UpstreamFailure.RATE_LIMITED || waited.plus(wait).compareTo(rateLimitWait) > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                waited = waited.plus(wait);
            }
        }
    }

    /** Applies an invalidation from any instance's mutation (or OrderDesk's webhook), whatever the tenant. */
    public void invalidate(CacheInvalidation invalidation) {
        generation(invalidation.storeId()).incrementAndGet();
        cache.asMap().keySet().removeIf(key -> key.storeId().equals(invalidation.storeId()) && switch (key.scope()) {
            case ORDER -> invalidation.orderIds().contains(key.subject());
            case ORDER_LIST -> invalidation.orderLists();
            case INVENTORY_ITEM, INVENTORY_LIST -> invalidation.inventory();
            case STORE -> false;
        });
    }

    /** Forgets everything of a store (deleted or re-keyed). */
    public void forgetStore(String tenantId, String storeId) {
        generation(storeId).incrementAndGet();
        cache.asMap().keySet().removeIf(key -> key.storeId().equals(storeId) && key.tenantId().equals(tenantId));
    }

    public long size() {
        return cache.estimatedSize();
    }

    private AtomicLong generation(String storeId) {
        return generations.computeIfAbsent(storeId, id -> new AtomicLong());
    }
}
