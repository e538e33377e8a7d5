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
 * <p>
 * Records take heap by their size, not their number (a bulk of large creates must not exhaust it):
 * the records in flight are also bounded by their size, and a record that does not fit waits, in its
 * store's turn, without smaller ones of other stores overtaking it (a record larger than the whole
 * bound goes once nothing else is in flight). Parked records are bounded by their size alone; the
 * caller stops taking records once they reach it.
 *
 * @param <R> a taken record
 */
final class FairIntake<R> {

    /** The bounds: records in flight by number and by size, parked records by size, a store's least share. */
    record Bounds(int maxInFlight, long maxInFlightBytes, long maxParkedBytes, int floor) {
        Bounds {
            if (maxInFlight < 1 || maxInFlightBytes < 1 || maxParkedBytes < 0 || floor < 1) {
                throw new IllegalArgumentException("bounds must be positive");
            }
        }
    }

    private final Bounds bounds;
    private final Function<R, String> storeOf;
    private final ToLongFunction<R> sizeOf;
    private final Consumer<R> admit;

    /** Stores with records in flight or parked. */
    private final Map<String, Store<R>> stores = new HashMap<>();
    /** Stores with parked records, each once, in turn order. */
    private final Deque<String> turns = new ArrayDeque<>();
    private int inFlightTotal;
    private long inFlightBytes;
    private int parkedTotal;
    private long parkedBytes;

    private static final class Store<R> {
        int inFlight;
        final Deque<R> parked = new ArrayDeque<>();
    }

    /**
     * @param bounds  the bounds; a store's share never falls below {@code floor} (its concurrency:
     *                fewer would leave its turns unused)
     * @param storeOf the store a record belongs to
     * @param sizeOf  about how much heap a record takes
     * @param admit   starts a record; called in offset order per store, under this object's lock
     */
    FairIntake(Bounds bounds, Function<R, String> storeOf, ToLongFunction<R> sizeOf, Consumer<R> admit) {
        this.bounds = bounds;
        this.storeOf = storeOf;
        this.sizeOf = sizeOf;
        this.admit = admit;
    }

    /** A record taken from Kafka: admitted now, or parked until its store has a place. */
    synchronized void offer(R record) {
        String id = storeOf.apply(record);
        Store<R> store = stores.computeIfAbsent(id, s -> new Store<>());
        if (store.parked.isEmpty()) {
            turns.addLast(id);
        }
        store.parked.addLast(record);
        parkedTotal++;
        parkedBytes += sizeOf.applyAsLong(record);
        admitParked();
    }

    /** An admitted record is finished: its place goes to the next parked record whose store is due. */
    synchronized void finished(R record) {
        release(record);
        admitParked();
    }

    /**
     * Takes back the records that match, for a rebalance or shutdown: the admitted ones that have
     * not started ({@code withdrawAdmitted}, run under this object's lock so that no parked record
     * of theirs is admitted meanwhile) and the parked ones. Returns both.
     */
    synchronized List<R> withdraw(Predicate<R> matches, Supplier<List<R>> withdrawAdmitted) {
        List<R> withdrawn = new ArrayList<>(withdrawAdmitted.get());
        withdrawn.forEach(this::release);
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
     * either some are parked or the records in flight are at theirs (so that a bound of 0 parks
     * nothing beyond a poll).
     */
    synchronized boolean full() {
        return parkedBytes >= bounds.maxParkedBytes() && (parkedTotal > 0 || inFlightTotal >= bounds.maxInFlight()
                || inFlightBytes >= bounds.maxInFlightBytes());
    }

    synchronized int inFlight() {
        return inFlightTotal;
    }

    synchronized long inFlightBytes() {
        return inFlightBytes;
    }

    synchronized int parked() {
        return parkedTotal;
    }

    /**
     * Admits parked records, one per store in turn: a store at its share passes its turn; a record
     * that does not fit in the size bound ends the round (it goes first once enough has finished).
     */
    private void admitParked() {
        int misses = 0;
        while (inFlightTotal < bounds.maxInFlight() && misses < turns.size()) {
            String id = turns.peekFirst();
            Store<R> store = stores.get(id);
            int share = Math.max(bounds.floor(), bounds.maxInFlight() / stores.size());
            if (store.inFlight >= share) {
                turns.addLast(turns.pollFirst());
                misses++;
                continue;
            }
            R next = store.parked.peekFirst();
            long size = sizeOf.applyAsLong(next);
            if (inFlightTotal > 0 && inFlightBytes + size > bounds.maxInFlightBytes()) {
                return;
            }
            turns.pollFirst();
            store.parked.pollFirst();
            unpark(next);
            start(store, next, size);
            misses = 0;
            if (!store.parked.isEmpty()) {
                turns.addLast(id);
            }
        }
    }

    private void unpark(R record) {
        parkedTotal--;
        parkedBytes -= sizeOf.applyAsLong(record);
    }

    private void start(Store<R> store, R record, long size) {
        store.inFlight++;
        inFlightTotal++;
        inFlightBytes += size;
        admit.accept(record);
    }

    private void release(R record) {
        String id = storeOf.apply(record);
        Store<R> store = stores.get(id);
        if (store == null) {
            return;
        }
        store.inFlight--;
        inFlightTotal--;
        inFlightBytes -= sizeOf.applyAsLong(record);
        if (store.inFlight == 0 && store.parked.isEmpty()) {
            stores.remove(id);
        }
    }
}
