package com.orderdeskmcp.bench;

import com.orderdeskmcp.model.kafka.StreamKey;
import com.orderdeskmcp.model.kafka.TopicSpec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.sandbox.SandboxOptions;
import com.orderdeskmcp.sandbox.control.RequestMatcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark 4: every OrderDesk call takes 200 ms, 50 stores; the same load through one worker, then
 * through two. The verdict is the throughput of a closed loop that keeps every order busy (one
 * update at a time, the next when its outcome arrives); one batch of one update per order is shown
 * beside it, where a worker that has finished its share of a store idles while the other drains.
 * The sandbox's rate limit is off and the workers' own budget is out of reach: with 3 requests/s
 * per store the 50 stores would cap the whole system at 75 updates/s whatever the number of
 * workers, and benchmark 2 covers the budget.
 * Run once per {@code worker.max-in-flight} value given.
 */
final class ScaleOutBenchmark {

    private ScaleOutBenchmark() {
    }

    static void run(Stack.Shared shared, Options options, Table table) throws Exception {
        for (String config : options.scaleInFlight) {
            String[] parts = config.split("/");
            runOnce(shared, options, table, Integer.parseInt(parts[0]),
                    parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        }
    }

    /** @param pollRecords max.poll.records of the workers' consumer, 0 for the default (200) */
    private static void runOnce(Stack.Shared shared, Options options, Table table, int inFlight, int pollRecords)
            throws Exception {
        String config = "max-in-flight " + inFlight + (pollRecords > 0 ? ", max.poll.records " + pollRecords : "");
        System.out.printf("%n== 4. scale-out: %d stores x %d orders, upstream latency %d ms, %s%n",
                options.scaleStores, options.scaleOrders, options.scaleLatency.toMillis(), config);
        System.out.println("  load average before: " + Machine.loadAverage());
        try (Stack stack = new Stack(shared, "scale-out-" + inFlight + (pollRecords > 0 ? "-" + pollRecords : ""), SandboxOptions.defaults().withoutRateLimit())) {
            List<WorkerLoad.Target> targets = new ArrayList<>();
            List<WorkerLoad.Target> warm = new ArrayList<>();
            int warmup = options.scaleWarmup > 0 ? options.scaleWarmup : pollRecords > 0 ? 5000 : 15000;
            int warmPerStore = Math.max(1, warmup / options.scaleStores);
            for (int s = 0; s < options.scaleStores; s++) {
                Stack.Store store = stack.addStore(Integer.toString(6001 + s));
                stack.sandbox().seedOrders(store.id(), options.scaleOrders, 100 + s)
                        .forEach(id -> targets.add(new WorkerLoad.Target(store, id)));
                stack.sandbox().seedOrders(store.id(), warmPerStore, 1000 + s)
                        .forEach(id -> warm.add(new WorkerLoad.Target(store, id)));
            }
            stack.sandbox().addLatency(RequestMatcher.any(), options.scaleLatency, Duration.ZERO);
            Map<String, String> settings = new HashMap<>(OverheadBenchmark.UNLIMITED);
            settings.put("WORKER_MAX_IN_FLIGHT", Integer.toString(inFlight));
            if (pollRecords > 0) {
                settings.put("SPRING_KAFKA_CONSUMER_MAX_POLL_RECORDS", Integer.toString(pollRecords));
            }
            List<String> jvm = List.of("-Xmx" + options.workerHeap);
            Duration timeout = Duration.ofMinutes(10);

            WorkerProcess first = stack.startWorker("worker-1", jvm, settings);
            stack.awaitGroup(1, Duration.ofMinutes(1));
            WorkerLoad.Result warm1 = WorkerLoad.run(stack, warm, "warm-1", timeout);
            System.out.println("  one worker, warm-up: " + warm1.describe());
            WorkerLoad.Result one = WorkerLoad.run(stack, targets, "one", timeout);
            System.out.println("  one worker, one batch:  " + one.describe());
            WorkerLoad.Sustained oneLoop = WorkerLoad.sustained(stack, targets, "one-loop", options.scaleRamp,
                    options.scaleWindow, timeout);
            System.out.println("  one worker, closed loop: " + oneLoop.describe());
            System.out.printf(Locale.ROOT, "               average updates in flight (Little's law, %d ms per call): %.0f%n",
                    options.scaleLatency.toMillis(), oneLoop.perSecond() * 2 * options.scaleLatency.toMillis() / 1000.0);

            WorkerProcess second = stack.startWorker("worker-2", jvm, settings);
            stack.awaitGroup(2, Duration.ofMinutes(1));
            WorkerLoad.Result warm2 = WorkerLoad.run(stack, warm, "warm-2", timeout);
            System.out.println("  two workers, warm-up: " + warm2.describe());
            WorkerLoad.Result two = WorkerLoad.run(stack, targets, "two", timeout);
            System.out.println("  two workers, one batch: " + two.describe());
            long firstBefore = first.endedMutations();
            long secondBefore = second.endedMutations();
            WorkerLoad.Sustained twoLoop = WorkerLoad.sustained(stack, targets, "two-loop", options.scaleRamp,
                    options.scaleWindow, timeout);
            long byFirst = first.endedMutations() - firstBefore;
            long bySecond = second.endedMutations() - secondBefore;
            System.out.println("  two workers, closed loop: " + twoLoop.describe());
            System.out.printf(Locale.ROOT, "               split %d / %d; average updates in flight: %.0f%n", byFirst,
                    bySecond, twoLoop.perSecond() * 2 * options.scaleLatency.toMillis() / 1000.0);
            int largest = largestShare(targets, stack.commandPartitionOwners());
            double ceiling = (double) options.scaleOrders / largest;
            System.out.printf(Locale.ROOT, "               largest share of one store's orders on one worker: %d of %d;"
                    + " while worker.store-concurrency bounds each store on each worker, two workers can finish"
                    + " a batch at most about %.2fx sooner than one%n", largest, options.scaleOrders, ceiling);
            System.out.println("  load average after: " + Machine.loadAverage());
            double ratio = twoLoop.perSecond() / oneLoop.perSecond();
            table.add(new Table.Row("4 scale-out, " + config,
                    String.format(Locale.ROOT, "closed loop, %d orders busy: 1 worker %s upd/s, 2 workers %s upd/s"
                                    + " = %.2fx (split %d/%d); machine %.0f%% / %.0f%% busy",
                            targets.size(), Table.rate(oneLoop.perSecond()), Table.rate(twoLoop.perSecond()), ratio,
                            byFirst, bySecond, 100 * oneLoop.cpu().machineShare(),
                            100 * twoLoop.cpu().machineShare()),
                    ">= 1.80x", !oneLoop.clean() || !twoLoop.clean() ? Table.Verdict.ERROR
                    : ratio >= 1.8 ? Table.Verdict.PASS : Table.Verdict.MISS));
            table.add(new Table.Row("4 scale-out, " + config + ", one batch",
                    String.format(Locale.ROOT, "%,d updates, first sent to last outcome: 1 worker %s upd/s, 2 workers"
                                    + " %s upd/s = %.2fx%s",
                            targets.size(), Table.rate(one.perSecond()), Table.rate(two.perSecond()),
                            two.perSecond() / one.perSecond(), pollRecords > 0 ? ""
                                    : String.format(Locale.ROOT, "; the key split allows %.2fx while"
                                    + " store-concurrency bounds", ceiling)),
                    "(diagnostic)", !one.clean() || !two.clean() ? Table.Verdict.ERROR : Table.Verdict.INFO));
            stack.killWorkers();
        }
    }

    /**
     * The most orders of one store that one worker holds: a worker runs a store's orders at most
     * store-concurrency at a time, so when that bound is the limit the store a worker holds the most
     * of finishes last. Orders go to partitions by their key (Kafka's default partitioner: murmur2 of
     * the key's bytes), partitions to workers by the group's assignment.
     */
    static int largestShare(List<WorkerLoad.Target> targets, Map<Integer, String> owners) {
        Map<String, Integer> perStoreAndWorker = new HashMap<>();
        for (WorkerLoad.Target target : targets) {
            String owner = owners.get(TopicSpec.partitionFor(Topics.COMMANDS,
                    StreamKey.order(target.store().id(), target.orderId()).value()));
            perStoreAndWorker.merge(target.store().id() + " " + owner, 1, Integer::sum);
        }
        return perStoreAndWorker.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
