package com.orderdeskmcp.worker.commands;

import com.orderdeskmcp.worker.WorkerProperties;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most {@code worker.store-concurrency} orders of one store carried out at once by this worker.
 * The shared rate limit is first come, first served: without this bound every queued order of a
 * saturated store would reserve a token for its GET before any of them reserved one for its PUT, so
 * each GET would precede its PUT by minutes (inviting conflicts) and a front's read would queue
 * behind all of them. With it, a store's queue of reservations stays a few seconds long.
 */
@Component
class StorePermits {

    private final int perStore;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();

    StorePermits(WorkerProperties properties) {
        this.perStore = properties.storeConcurrency();
    }

    <T> T carryOut(String storeId, Supplier<T> work) {
        Semaphore store = permits.computeIfAbsent(storeId, id -> new Semaphore(perStore, true));
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
