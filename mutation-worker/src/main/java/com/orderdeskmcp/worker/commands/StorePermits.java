package com.orderdeskmcp.worker.commands;

import com.orderdeskmcp.model.ratelimit.SharedRateLimit;
import com.orderdeskmcp.worker.WorkerProperties;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * A bound on the orders of one store this worker carries out at once: {@code worker.store-concurrency}
 * at OrderDesk's own limit, proportionally more for a store given a higher one ({@link #turns}). The
 * shared rate limit is first come, first served: without this bound every queued order of a
 * saturated store would reserve a token for its GET before any of them reserved one for its PUT, so
 * each GET would precede its PUT by minutes (inviting conflicts) and a front's read would queue
 * behind all of them. With it, a store's queue of reservations stays a few seconds long; a store
 * whose limit refills faster drains a longer queue in the same time.
 */
@Component
class StorePermits {

    /** OrderDesk's own refill rate, for which {@code worker.store-concurrency} is sized. */
    static final double ORDERDESK_REQUESTS_PER_SECOND = 3.0;

    private final int storeConcurrency;
    private final int maxInFlight;
    private final SharedRateLimit rateLimit;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();

    StorePermits(WorkerProperties properties, SharedRateLimit rateLimit) {
        this.storeConcurrency = properties.storeConcurrency();
        this.maxInFlight = properties.maxInFlight();
        this.rateLimit = rateLimit;
    }

    /**
     * Orders of a store carried out at once: {@code storeConcurrency} scaled by the store's refill rate
     * over OrderDesk's, never fewer than {@code storeConcurrency} and never more than {@code maxInFlight}
     * (beyond which the bound means nothing). Pure.
     */
    static int turns(int storeConcurrency, double perSecond, int maxInFlight) {
        double scaled = Math.ceil(storeConcurrency * perSecond / ORDERDESK_REQUESTS_PER_SECOND);
        return (int) Math.max(storeConcurrency, Math.min(maxInFlight, scaled));
    }

    <T> T carryOut(String storeId, Supplier<T> work) {
        Semaphore store = permits.computeIfAbsent(storeId, id -> new Semaphore(
                turns(storeConcurrency, rateLimit.limitOf(id).perSecond(), maxInFlight), true));
        try {
            store.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a turn of store " + storeId, e);
        }
        try {
            return work.get();
        } finally {
            store.release();
        }
    }
}
