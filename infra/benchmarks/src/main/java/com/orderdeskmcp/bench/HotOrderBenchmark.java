package com.orderdeskmcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.sandbox.SandboxOptions;
import com.orderdeskmcp.sandbox.control.RequestMatcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark 3: N updates of one order, each appending a note and setting a field. Naively that is
 * 2N upstream calls (a GET and a PUT each); coalesced, one GET and one PUT per batch. Three cases:
 * <ol>
 *   <li>queued: all N are on the topic before the worker starts (a backlog, e.g. after a restart);</li>
 *   <li>burst: the worker is running and idle, the N arrive back to back (the first may run alone
 *       before the rest have arrived);</li>
 *   <li>burst with 200 ms upstream latency: while one batch is in flight, the rest queue behind it.</li>
 * </ol>
 * Each case also checks the result: every note present, in order, and the field set by the last update.
 */
final class HotOrderBenchmark {

    private HotOrderBenchmark() {
    }

    static void run(Stack.Shared shared, Options options, Table table) throws Exception {
        int n = options.hotUpdates;
        System.out.printf("%n== 3. hot order: %d updates of one order (naive: %d upstream calls)%n", n, 2 * n);
        System.out.println("  load average before: " + Machine.loadAverage());
        try (Stack stack = new Stack(shared, "hot-order", SandboxOptions.defaults().withoutRateLimit())) {
            Stack.Store store = stack.addStore("5001");
            List<String> orders = stack.sandbox().seedOrders(store.id(), 3, 6);
            List<String> warm = stack.sandbox().seedOrders(store.id(), 300, 7);
            Outcomes outcomes = stack.outcomes();

            // 1. queued before the worker starts
            List<String> queued = send(stack, store, orders.get(0), n, "queued");
            stack.startWorker("worker", List.of("-Xmx" + options.workerHeap), OverheadBenchmark.UNLIMITED);
            Case first = finish(stack, outcomes, store, orders.get(0), queued, "queued", "queued");
            table.add(first.row("3 hot order, queued before start", n));

            // 2. a burst into a running, warmed-up worker
            WorkerLoad.run(stack, OverheadBenchmark.targets(store, warm), "warm", Duration.ofMinutes(2));
            List<String> burst = send(stack, store, orders.get(1), n, "burst");
            Case second = finish(stack, outcomes, store, orders.get(1), burst, "burst", "burst");
            table.add(second.row("3 hot order, burst, no latency", n));

            // 3. the same with OrderDesk-like latency
            stack.sandbox().addLatency(RequestMatcher.store(store.id()), Duration.ofMillis(200), Duration.ZERO);
            List<String> slow = send(stack, store, orders.get(2), n, "slow");
            Case third = finish(stack, outcomes, store, orders.get(2), slow, "slow", "burst, 200 ms");
            table.add(third.row("3 hot order, burst, 200 ms latency", n));
            System.out.println("  load average after: " + Machine.loadAverage());
        }
    }

    private static List<String> send(Stack stack, Stack.Store store, String orderId, int n, String tag) throws Exception {
        List<Commands.Update> updates = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ObjectNode changes = JsonCodec.object();
            changes.put("email", String.format(Locale.ROOT, "%s-%02d@bench.example.com", tag, i));
            changes.putArray("order_notes").addObject().put("content", String.format(Locale.ROOT, "%s-%02d", tag, i));
            updates.add(new Commands.Update(Stack.TENANT, store.id(), orderId, changes));
        }
        List<String> ids = stack.commands().sendAll(updates);
        stack.commands().flush();
        return ids;
    }

    /** Upstream calls for the order, batches (by the events' appliedWith), and whether the result is right. */
    record Case(long calls, long gets, long puts, Map<Integer, Integer> batchSizes, int missing, boolean correct,
                String problem) {

        Table.Row row(String name, int n) {
            return new Table.Row(name,
                    String.format(Locale.ROOT, "%d calls (%d GET + %d PUT); batches %s; %s", calls, gets, puts,
                            batchSizes.isEmpty() ? "-" : describe(batchSizes),
                            missing > 0 ? missing + " outcomes missing" : correct ? "all " + n + " notes in order"
                                    : "WRONG RESULT: " + problem),
                    "<= 10 (naive " + 2 * n + ")",
                    !correct || missing > 0 ? Table.Verdict.ERROR : calls <= 10 ? Table.Verdict.PASS : Table.Verdict.MISS);
        }

        private static String describe(Map<Integer, Integer> sizes) {
            List<String> parts = new ArrayList<>();
            sizes.forEach((size, count) -> parts.add(count + "x" + size));
            return String.join(" + ", parts);
        }
    }

    private static Case finish(Stack stack, Outcomes outcomes, Stack.Store store, String orderId, List<String> ids,
                               String prefix, String label) throws Exception {
        int missing = outcomes.await(ids, Duration.ofMinutes(3));
        RequestMatcher order = new RequestMatcher(store.id(), null, null, orderId);
        long gets = stack.sandbox().countRequests(order.method("GET"));
        long puts = stack.sandbox().countRequests(order.method("PUT"));
        long calls = stack.sandbox().countRequests(order);
        // A batch of k mutations shows as k events that each name k-1 others.
        Map<Integer, Integer> events = new TreeMap<>();
        for (String id : ids) {
            Outcomes.Outcome o = outcomes.get(id);
            if (o != null) {
                events.merge(o.appliedWith() + 1, 1, Integer::sum);
            }
        }
        Map<Integer, Integer> batches = new TreeMap<>();
        events.forEach((size, count) -> batches.put(size, count / size));

        ObjectNode after = stack.sandbox().order(store.id(), orderId).orElseThrow();
        List<String> notes = new ArrayList<>();
        for (JsonNode note : after.path("order_notes")) {
            String content = note.path("content").asText();
            if (content.startsWith(prefix + "-")) {
                notes.add(content);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= ids.size(); i++) {
            expected.add(String.format(Locale.ROOT, "%s-%02d", prefix, i));
        }
        String lastEmail = String.format(Locale.ROOT, "%s-%02d@bench.example.com", prefix, ids.size());
        boolean correct = notes.equals(expected) && after.path("email").asText().equals(lastEmail);
        String problem = correct ? "" : "notes " + notes + ", email " + after.path("email").asText();
        Case result = new Case(calls, gets, puts, batches, missing, correct, problem);
        System.out.printf("  %-15s %d upstream calls (%d GET, %d PUT), batches (size: count) %s, outcomes %s, result %s%n",
                label + ":", calls, gets, puts, batches, outcomes.types(ids), correct ? "correct" : "WRONG: " + problem);
        return result;
    }
}
