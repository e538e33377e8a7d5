package com.orderdeskmcp.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.control.RequestStats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;

/**
 * Sends updates through Kafka and waits for their outcomes. {@link #run}: one batch, measured from
 * the first command sent to the last outcome received. {@link #sustained}: a closed loop that keeps
 * every order busy and counts the outcomes of a window.
 */
final class WorkerLoad {

    /** What a batch and a closed loop both report, and the one rule for a clean load. */
    sealed interface Measured permits Result, Sustained {

        /** Updates counted: a batch's all, a closed loop's arrived in its window. */
        int updates();

        double seconds();

        int missing();

        int wrong();

        Map<String, Long> types();

        default double perSecond() {
            return updates() / seconds();
        }

        /** Clean: every update ended in {@code OrderMutated} and no sampled order lacks its change. */
        default boolean clean() {
            return missing() == 0 && wrong() == 0 && types().size() == 1 && types().containsKey("OrderMutated");
        }
    }

    /**
     * @param updates   updates sent
     * @param seconds   first command sent → last outcome received
     * @param missing   updates without an outcome when the wait ended
     * @param types     terminal events by type
     * @param gets      GET /orders/{id} the sandbox answered meanwhile, on the stores concerned
     * @param puts      PUT /orders/{id} likewise
     * @param cpu       who used the CPU meanwhile
     * @param wrong     sampled orders whose final state did not show their update
     */
    record Result(int updates, double seconds, int missing, Map<String, Long> types, long gets, long puts,
                  Map<String, Long> failedCalls, Machine.CpuUse cpu, int wrong, Instant from, Instant to,
                  double halfSeconds, double p99Seconds) implements Measured {

        String describe() {
            return String.format("%,d updates in %.2f s = %s updates/s (half done at %.2f s, 99%% at %.2f s); outcomes %s%s; upstream GET %,d, PUT %,d%s; %s",
                    updates, seconds, Table.rate(perSecond()), halfSeconds, p99Seconds, types,
                    missing > 0 ? " (" + missing + " missing)" : "",
                    gets, puts, failedCalls.isEmpty() ? "" : "; failed calls (retried) " + failedCalls,
                    cpu.describe(updates, "update"))
                    + (wrong > 0 ? "; " + wrong + " sampled orders do NOT show their update" : "");
        }
    }

    /**
     * A closed loop's figures.
     *
     * @param updates  outcomes that arrived in the window
     * @param seconds  the window
     * @param sent     updates sent in all (ramp-up, window, and those outstanding at its end)
     * @param missing  of those, without an outcome when the wait ended
     * @param types    terminal events of all sent, by type
     * @param gets     GET /orders/{id} the sandbox answered in the window
     * @param puts     PUT /orders/{id} likewise
     * @param cpu      who used the CPU in the window
     * @param wrong    sampled orders whose final state did not show their last update
     * @param p50      send → outcome of the window's updates, median, seconds
     * @param p99      likewise, 99th percentile
     */
    record Sustained(int updates, double seconds, int sent, int missing, Map<String, Long> types, long gets,
                     long puts, Machine.CpuUse cpu, int wrong, double p50, double p99) implements Measured {

        String describe() {
            return String.format("%,d updates in a %.0f s window = %s updates/s (send to outcome p50 %.2f s, p99 %.2f s); all %,d sent: outcomes %s%s; upstream GET %,d, PUT %,d; %s",
                    updates, seconds, Table.rate(perSecond()), p50, p99, sent, types,
                    missing > 0 ? " (" + missing + " missing)" : "", gets, puts, cpu.describe(updates, "update"))
                    + (wrong > 0 ? "; " + wrong + " sampled orders do NOT show their last update" : "");
        }
    }

    /** An update of one order of one store. */
    record Target(Stack.Store store, String orderId) {
    }

    private WorkerLoad() {
    }

    /** One typical change per target; every target distinct, so nothing can be coalesced. */
    static Result run(Stack stack, List<Target> targets, String tag, Duration timeout) throws Exception {
        OrderDeskSandbox sandbox = stack.sandbox();
        List<Commands.Update> updates = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            updates.add(new Commands.Update(Stack.TENANT, t.store().id(), t.orderId(),
                    Commands.typicalChange(tag + "-" + i)));
        }
        List<String> storeIds = targets.stream().map(t -> t.store().id()).distinct().toList();
        long[] before = upstreamCounts(sandbox, storeIds);
        Outcomes outcomes = stack.outcomes();
        Commands commands = stack.commands();
        var groups = stack.cpuGroups();

        Machine.CpuSnapshot cpuBefore = Machine.snapshot(groups);
        Instant from = Instant.now();
        long started = System.nanoTime();
        List<String> ids = commands.sendAll(updates);
        commands.flush();
        int missing = outcomes.await(ids, timeout);
        long ended = missing == 0 ? outcomes.lastArrival(ids) : System.nanoTime();
        Machine.CpuSnapshot cpuAfter = Machine.snapshot(groups);

        long[] after = upstreamCounts(sandbox, storeIds);
        int wrong = wrongSamples(sandbox, targets, i -> tag + "-" + i);
        return new Result(targets.size(), (ended - started) / 1e9, missing, outcomes.types(ids),
                after[0] - before[0], after[1] - before[1], outcomes.failedCalls(ids),
                Machine.between(cpuBefore, cpuAfter), wrong, from, from.plusNanos(ended - started),
                Math.max(0, outcomes.arrivalOfShare(ids, 0.5) - started) / 1e9,
                Math.max(0, outcomes.arrivalOfShare(ids, 0.99) - started) / 1e9);
    }

    /**
     * A closed loop: one update of each target at a time, the next sent when its outcome arrives, so
     * every order always has one waiting and the workers stay saturated; throughput is what arrives
     * in {@code window} after {@code rampUp}. A batch's drain tail does not count here: once a worker
     * has finished its share of a store it would idle while the other drains the rest. Then sending
     * stops and every outstanding update must still end in {@code OrderMutated}.
     */
    static Sustained sustained(Stack stack, List<Target> targets, String tag, Duration rampUp, Duration window,
                               Duration timeout) throws Exception {
        OrderDeskSandbox sandbox = stack.sandbox();
        Outcomes outcomes = stack.outcomes();
        Commands commands = stack.commands();
        var groups = stack.cpuGroups();
        List<String> storeIds = targets.stream().map(t -> t.store().id()).distinct().toList();
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        AtomicIntegerArray sequence = new AtomicIntegerArray(targets.size());
        // held while sending, so that once sending stops no update can slip out after the last is counted
        Object lock = new Object();
        boolean[] sending = {true};
        IntFunction<String> next = i -> {
            Target t = targets.get(i);
            String id = commands.send(new Commands.Update(Stack.TENANT, t.store().id(), t.orderId(),
                    Commands.typicalChange(tag + "-" + i + "-" + sequence.incrementAndGet(i))));
            sent.put(id, new Sent(i, System.nanoTime()));
            return id;
        };
        outcomes.onArrival(id -> {
            Sent done = sent.get(id);
            synchronized (lock) {
                if (done != null && sending[0]) {
                    next.apply(done.target());
                }
            }
        });
        try {
            long start = System.nanoTime();
            synchronized (lock) {
                for (int i = 0; i < targets.size(); i++) {
                    next.apply(i);
                }
            }
            long from = start + rampUp.toNanos();
            long to = from + window.toNanos();
            sleepUntil(from);
            Machine.CpuSnapshot cpuBefore = Machine.snapshot(groups);
            long[] before = upstreamCounts(sandbox, storeIds);
            sleepUntil(to);
            Machine.CpuSnapshot cpuAfter = Machine.snapshot(groups);
            long[] after = upstreamCounts(sandbox, storeIds);
            synchronized (lock) {
                sending[0] = false;
            }
            commands.flush();
            List<String> ids = List.copyOf(sent.keySet());
            int missing = outcomes.await(ids, timeout);

            List<Double> latencies = new ArrayList<>();
            for (String id : ids) {
                Outcomes.Outcome outcome = outcomes.get(id);
                if (outcome != null && outcome.arrived() >= from && outcome.arrived() < to) {
                    latencies.add((outcome.arrived() - sent.get(id).at()) / 1e9);
                }
            }
            latencies.sort(null);
            int wrong = wrongSamples(sandbox, targets, i -> tag + "-" + i + "-" + sequence.get(i));
            return new Sustained(latencies.size(), window.toNanos() / 1e9, ids.size(), missing, outcomes.types(ids),
                    after[0] - before[0], after[1] - before[1], Machine.between(cpuBefore, cpuAfter), wrong,
                    percentile(latencies, 0.5), percentile(latencies, 0.99));
        } finally {
            synchronized (lock) {
                sending[0] = false;
            }
            outcomes.onArrival(id -> {
            });
        }
    }

    /** An update a closed loop sent: for which target, and when ({@link System#nanoTime()}). */
    private record Sent(int target, long at) {
    }

    /**
     * Of about 25 targets spread over the list, how many orders do not show the e-mail address of
     * their last update, sent with the tag {@code tagOf} gives for the target.
     */
    private static int wrongSamples(OrderDeskSandbox sandbox, List<Target> targets, IntFunction<String> tagOf) {
        int wrong = 0;
        int step = Math.max(1, targets.size() / 25);
        for (int i = 0; i < targets.size(); i += step) {
            Target t = targets.get(i);
            ObjectNode order = sandbox.order(t.store().id(), t.orderId()).orElseThrow();
            if (!order.path("email").asText().equals(Commands.typicalEmail(tagOf.apply(i)))) {
                wrong++;
            }
        }
        return wrong;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    private static double percentile(List<Double> sorted, double share) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, (int) Math.ceil(share * sorted.size()) - 1));
    }

    static long[] upstreamCounts(OrderDeskSandbox sandbox, List<String> storeIds) {
        long gets = 0;
        long puts = 0;
        for (String id : storeIds) {
            RequestStats stats = sandbox.stats(id);
            gets += stats.count("GET", "/orders/{id}");
            puts += stats.count("PUT", "/orders/{id}");
        }
        return new long[]{gets, puts};
    }
}
