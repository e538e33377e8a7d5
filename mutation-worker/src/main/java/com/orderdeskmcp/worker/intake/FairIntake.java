package com.orderdeskmcp.worker.intake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Shares the worker's {@code max-in-flight} fairly between stores. Kafka hands a partition's records
 * over in offset order, and a partition carries many stores: with one bound for all, a store with a
 * long backlog (say, a bulk change held to 3 requests/s by its rate limit) would fill it, and every
 * other store's orders on the same partitions would wait behind that backlog.
 * <p>
 * So a store may have at most its share of the in-flight records (the bound divided among the stores
 * with work, never below {@code floor}); a record past that is <em>parked</em>: held aside, not
 * started, until a place frees up for its store. Parked records of a store are admitted oldest
 * first and always before any newer record of that store, which keeps each key in offset order.
 * Parked records are bounded by their size, not their number (a bulk of large creates must not
 * exhaust the heap); the caller stops taking records once they reach it.
 *
 * @param <R> a taken record
 */
final class FairIntake<R> {

    private final int maxInFlight;
    private final long maxParkedBytes;
    private final int floor;
    private final Function<R, String> storeOf;
    private final ToLongFunction<R> sizeOf;
    private final Consumer<R> admit;

    /** Stores with records in flight or parked. */
    private final Map<String, Store<R>> stores = new HashMap<>();
    /** Stores with parked records, each once, in turn order. */
    private final Deque<String> turns = new ArrayDeque<>();
    private int inFlightTotal;
    private int parkedTotal;
    private long parkedBytes;

    private static final class Store<R> {
        int inFlight;
        final Deque<R> parked = new ArrayDeque<>();
    }

    /**
     * @param floor   a store's share never falls below this (its concurrency: fewer would leave its
     *                turns unused)
     * @param storeOf the store a record belongs to
     * @param sizeOf  about how much heap a record takes
     * @param admit   starts a record; called in offset order per store, under this object's lock
     */
    FairIntake(int maxInFlight, long maxParkedBytes, int floor, Function<R, String> storeOf, ToLongFunction<R> sizeOf,
               Consumer<R> admit) {
        if (maxInFlight < 1 || maxParkedBytes < 0 || floor < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        this.maxInFlight = maxInFlight;
        this.maxParkedBytes = maxParkedBytes;
        this.floor = floor;
        this.storeOf = storeOf;
        this.sizeOf = sizeOf;
        this.admit = admit;
    }

    /** A record taken from Kafka: admitted now, or parked until its store has a place. */
    synchronized void offer(R record) {
        String id = storeOf.apply(record);
        Store<R> store = stores.computeIfAbsent(id, s -> new Store<>());
        if (store.parked.isEmpty() && hasPlace(store)) {
            start(store, record);
        } else {
            if (store.parked.isEmpty()) {
                turns.addLast(id);
            }
            store.parked.addLast(record);
            parkedTotal++;
            parkedBytes += sizeOf.applyAsLong(record);
        }
    }

    /** An admitted record is finished: its place goes to the next parked record whose store is due. */
    synchronized void finished(R record) {
        release(storeOf.apply(record));
        admitParked();
    }

    /**
     * Takes back the records that match, for a rebalance or shutdown: the admitted ones that have
     * not started ({@code withdrawAdmitted}, run under this object's lock so that no parked record
     * of theirs is admitted meanwhile) and the parked ones. Returns both.
     */
    synchronized List<R> withdraw(Predicate<R> matches, Supplier<List<R>> withdrawAdmitted) {
        List<R> withdrawn = new ArrayList<>(withdrawAdmitted.get());
        withdrawn.forEach(r -> release(storeOf.apply(r)));
        for (Iterator<Map.Entry<String, Store<R>>> it = stores.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Store<R>> entry = it.next();
            Store<R> store = entry.getValue();
            store.parked.removeIf(r -> {
                if (!matches.test(r)) {
                    return false;
                }
                unpark(r);
                withdrawn.add(r);
                return true;
            });
            if (store.parked.isEmpty()) {
                turns.remove(entry.getKey());
                if (store.inFlight == 0) {
                    it.remove();
                }
            }
        }
        admitParked();
        return withdrawn;
    }

    /**
     * Whether the caller should stop taking records: the parked ones have reached their bound, and
     * either some are parked or no place is free (so that a bound of 0 parks nothing beyond a poll).
     */
    synchronized boolean full() {
        return parkedBytes >= maxParkedBytes && (parkedTotal > 0 || inFlightTotal >= maxInFlight);
    }

    synchronized int inFlight() {
        return inFlightTotal;
    }

    synchronized int parked() {
        return parkedTotal;
    }

    /** Room in the bound, and the store below its share of it. */
    private boolean hasPlace(Store<R> store) {
        int share = Math.max(floor, maxInFlight / stores.size());
        return inFlightTotal < maxInFlight && store.inFlight < share;
    }

    /** Admits parked records, one per store in turn, while some store is due a place. */
    private void admitParked() {
        int misses = 0;
        while (inFlightTotal < maxInFlight && misses < turns.size()) {
            String id = turns.pollFirst();
            Store<R> store = stores.get(id);
            if (hasPlace(store)) {
                R next = store.parked.pollFirst();
                unpark(next);
                start(store, next);
                misses = 0;
            } else {
                misses++;
            }
            if (!store.parked.isEmpty()) {
                turns.addLast(id);
            }
        }
    }

    private void unpark(R record) {
        parkedTotal--;
        parkedBytes -= sizeOf.applyAsLong(record);
    }

    private void start(Store<R> store, R record) {
        store.inFlight++;
        inFlightTotal++;
        admit.accept(record);
    }

    private void release(String id) {
        Store<R> store = stores.get(id);
        if (store == null) {
            return;
        }
        store.inFlight--;
        inFlightTotal--;
        if (store.inFlight == 0 && store.parked.isEmpty()) {
            stores.remove(id);
        }
    }
}
