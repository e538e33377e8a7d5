package com.orderdeskmcp.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.control.RequestStats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends a set of updates through Kafka and waits for all their outcomes: the worker's throughput,
 * measured from the first command sent to the last outcome received.
 */
final class WorkerLoad {

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
                  double halfSeconds, double p99Seconds) {

        double perSecond() {
            return updates / seconds;
        }

        boolean clean() {
            return missing == 0 && wrong == 0 && types.size() == 1 && types.containsKey("OrderMutated");
        }

        String describe() {
            return String.format("%,d updates in %.2f s = %s updates/s (half done at %.2f s, 99%% at %.2f s); outcomes %s%s; upstream GET %,d, PUT %,d%s; %s",
                    updates, seconds, Table.rate(perSecond()), halfSeconds, p99Seconds, types,
                    missing > 0 ? " (" + missing + " missing)" : "",
                    gets, puts, failedCalls.isEmpty() ? "" : "; failed calls (retried) " + failedCalls,
                    cpu.describe(updates, "update"))
                    + (wrong > 0 ? "; " + wrong + " sampled orders do NOT show their update" : "");
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
        int wrong = 0;
        int step = Math.max(1, targets.size() / 25);
        for (int i = 0; i < targets.size(); i += step) {
            Target t = targets.get(i);
            ObjectNode order = sandbox.order(t.store().id(), t.orderId()).orElseThrow();
            if (!order.path("email").asText().equals(tag + "-" + i + "@bench.example.com")) {
                wrong++;
            }
        }
        return new Result(targets.size(), (ended - started) / 1e9, missing, outcomes.types(ids),
                after[0] - before[0], after[1] - before[1], outcomes.failedCalls(ids),
                Machine.between(cpuBefore, cpuAfter), wrong, from, from.plusNanos(ended - started),
                Math.max(0, outcomes.arrivalOfShare(ids, 0.5) - started) / 1e9,
                Math.max(0, outcomes.arrivalOfShare(ids, 0.99) - started) / 1e9);
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
