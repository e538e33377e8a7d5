package com.orderdeskmcp.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.orders.OrderMerge;
import com.orderdeskmcp.sandbox.SandboxOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Benchmarks 1 and 5. Overhead: the worker's updates per second against a direct synchronous
 * fetch → merge → PUT loop with the same {@link OrderDeskClient} in this JVM, on a sandbox without
 * latency or rate limit (the worker's own limit gets a budget it never reaches), in several rounds:
 * the direct loop runs before and after each worker load, a round's ratio uses their mean, and the
 * verdict the median round. Memory: the same worker load with a small heap.
 */
final class OverheadBenchmark {

    /** The workers' shared limit, far above anything reachable: the overhead is the subject here. */
    static final Map<String, String> UNLIMITED = Map.of(
            "ORDERDESK_RATE_LIMIT_BURST", "1000000", "ORDERDESK_RATE_LIMIT_PER_SECOND", "1000000");

    private OverheadBenchmark() {
    }

    /** Direct-loop figures. */
    record Direct(int updates, double seconds, Machine.CpuUse cpu) {
        double perSecond() {
            return updates / seconds;
        }

        String describe() {
            return String.format("%,d updates in %.2f s = %s updates/s; %s", updates, seconds, Table.rate(perSecond()),
                    cpu.describe(updates, "update"));
        }
    }

    static void run(Stack.Shared shared, Options options, Table table) throws Exception {
        System.out.println("\n== 1. overhead: worker vs a direct fetch-merge-PUT loop (no latency, no rate limit)");
        System.out.println("  load average before: " + Machine.loadAverage());
        try (Stack stack = new Stack(shared, "overhead", SandboxOptions.defaults().withoutRateLimit())) {
            Stack.Store store = stack.addStore("3001");
            int n = options.overheadUpdates;
            List<String> warm = stack.sandbox().seedOrders(store.id(), options.warmup, 1);
            List<String> direct = stack.sandbox().seedOrders(store.id(), n, 2);
            List<String> viaWorker = stack.sandbox().seedOrders(store.id(), n, 3);
            StoreCredentials credentials = new StoreCredentials(store.id(), store.apiKey());
            String baseUrl = stack.sandbox().baseUrl();

            // Both sides warm up on the same orders until their JVMs have settled (see warmedUp).
            OrderDeskClient first = newClient(baseUrl);
            for (int pass = 1; ; pass++) {
                Direct warmed = directLoop(stack, first, credentials, warm, "warm-" + pass);
                System.out.println("  direct warm-up " + pass + ": " + warmed.describe());
                if (warmedUp(options, pass, warmed.cpu(), Stack.BENCH_JVM)) {
                    break;
                }
            }
            Direct previous = directLoop(stack, first, credentials, direct, "direct-0");
            System.out.println("  direct loop:  " + previous.describe());

            WorkerProcess worker = stack.startWorker("worker", List.of("-Xmx" + options.workerHeap), UNLIMITED);
            stack.awaitGroup(1, Duration.ofMinutes(1));
            warmUpWorker(stack, store, warm, "warm-worker", options);

            // Rounds, each the worker on its orders and then the direct loop on its own; a round's ratio
            // is the worker's rate over the mean of the direct loops just before and after it. One
            // window of a few seconds moves by a fifth between runs on this machine; the median of
            // several paired rounds moves less. The worker stays up (idle) during the direct loops:
            // its CPU then is printed with them.
            List<Round> rounds = new ArrayList<>();
            boolean clean = true;
            for (int r = 1; r <= options.overheadRounds; r++) {
                WorkerLoad.Result measured = WorkerLoad.run(stack, targets(store, viaWorker), "worker-" + r,
                        Duration.ofMinutes(10));
                clean &= measured.clean();
                System.out.println("  worker (-Xmx" + options.workerHeap + "), round " + r + ": "
                        + measured.describe());
                // A new client: the JDK server behind the sandbox closes connections idle for 30 s, and the
                // client (like the worker's) does not retry a request that met a closed pooled connection.
                OrderDeskClient again = newClient(baseUrl);
                directLoop(stack, again, credentials, warm.subList(0, Math.min(200, warm.size())), "warm-" + r);
                Direct next = directLoop(stack, again, credentials, direct, "direct-" + r);
                System.out.println("  direct loop:  " + next.describe());
                rounds.add(new Round(measured, previous, next));
                previous = next;
            }
            System.out.printf("  worker peak RSS %.0f MiB; WARN/ERROR lines in its log: %d (%s)%n",
                    worker.peakRssMiB(), worker.problemLines(), worker.log());
            worker.close();

            List<Round> byRatio = rounds.stream().sorted(Comparator.comparingDouble(Round::ratio)).toList();
            Round median = byRatio.get(byRatio.size() / 2);
            String each = rounds.stream().map(round -> String.format(Locale.ROOT, "%.2f", round.ratio()))
                    .collect(Collectors.joining(", "));
            System.out.println("  ratio per round: " + each);
            String loadAfter = Machine.loadAverage();
            System.out.println("  load average after: " + loadAfter);
            table.add(new Table.Row("1 overhead",
                    String.format(Locale.ROOT, "median of %d rounds %.2fx (rounds %s); median round: worker %s upd/s "
                                    + "vs direct %s upd/s", rounds.size(), median.ratio(), each,
                            Table.rate(median.worker().perSecond()), Table.rate(median.directRate())),
                    ">= 0.70x", !clean ? Table.Verdict.ERROR
                    : median.ratio() >= 0.7 ? Table.Verdict.PASS : Table.Verdict.MISS));
            WorkerLoad.Result measured = median.worker();
            table.add(new Table.Row("1 overhead: CPU per update",
                    String.format(Locale.ROOT, "median round: worker path %.2f ms (worker %.2f, postgres %.2f, "
                                    + "sandbox+Kafka %.2f); direct %.2f ms",
                            cpuMsTotal(measured.cpu(), measured.updates()),
                            cpuMs(measured.cpu(), Stack.WORKER, measured.updates()),
                            cpuMs(measured.cpu(), Stack.POSTGRES, measured.updates()),
                            cpuMs(measured.cpu(), Stack.BENCH_JVM, measured.updates()),
                            cpuMsTotal(median.before().cpu(), median.before().updates())),
                    "(diagnostic)", Table.Verdict.INFO));
        }
    }

    /** One measured worker load and the direct loops just before and after it. */
    private record Round(WorkerLoad.Result worker, Direct before, Direct after) {
        double directRate() {
            return (before.perSecond() + after.perSecond()) / 2;
        }

        double ratio() {
            return worker.perSecond() / directRate();
        }
    }

    /**
     * Benchmark 5: benchmark 1's worker load, first with the small heap, then, on the same stack and
     * the same warm-up, with the large one (so the small heap runs with the colder harness), each on
     * orders of its own. Holding the load means: everything applied, no OutOfMemoryError, no full
     * GC, and at least 90 % of the large heap's throughput.
     */
    static void memory(Stack.Shared shared, Options options, Table table) throws Exception {
        System.out.println("\n== 5. memory: the overhead load with -Xmx" + options.memoryHeap + ", then with -Xmx"
                + options.workerHeap + " for comparison");
        System.out.println("  load average before: " + Machine.loadAverage());
        try (Stack stack = new Stack(shared, "memory", SandboxOptions.defaults().withoutRateLimit())) {
            Stack.Store store = stack.addStore("3001");
            List<String> warm = stack.sandbox().seedOrders(store.id(), options.warmup, 1);
            List<String> small = stack.sandbox().seedOrders(store.id(), options.overheadUpdates, 3);
            List<String> large = stack.sandbox().seedOrders(store.id(), options.overheadUpdates, 4);

            Path gcLog = shared.runDirectory().resolve("memory-worker-gc.log");
            WorkerProcess worker = stack.startWorker("worker",
                    List.of("-Xmx" + options.memoryHeap, "-Xlog:gc:file=" + gcLog), UNLIMITED);
            stack.awaitGroup(1, Duration.ofMinutes(1));
            WorkerLoad.Result measured = warmAndMeasure(stack, store, warm, small, "small", options);
            System.out.println("  worker (-Xmx" + options.memoryHeap + "): " + measured.describe());
            double rss = worker.peakRssMiB();
            boolean alive = worker.isAlive();
            long oom = worker.outOfMemoryErrors();
            Instant jvmStart = worker.startInstant();
            worker.close();
            Gc gc = Gc.parse(gcLog, null, null, null);
            Gc during = Gc.parse(gcLog, jvmStart, measured.from(), measured.to());
            double pauseShare = during.pauseMillis() / (measured.seconds() * 1000);
            System.out.printf(Locale.ROOT, "  GC over the worker's life: %s; peak RSS %.0f MiB; OutOfMemoryError lines: %d%n",
                    gc, rss, oom);
            System.out.printf(Locale.ROOT, "  GC while measured: %d pauses, %.0f ms = %.1f%% of the time, longest %.0f ms%n",
                    during.pauses(), during.pauseMillis(), 100 * pauseShare, during.longestMillis());

            WorkerProcess reference = stack.startWorker("worker-reference", List.of("-Xmx" + options.workerHeap),
                    UNLIMITED);
            stack.awaitGroup(1, Duration.ofMinutes(1));
            WorkerLoad.Result compared = warmAndMeasure(stack, store, warm, large, "large", options);
            System.out.println("  worker (-Xmx" + options.workerHeap + "): " + compared.describe());
            reference.close();
            System.out.println("  load average after: " + Machine.loadAverage());

            double ratio = measured.perSecond() / compared.perSecond();
            boolean held = measured.clean() && alive && oom == 0 && gc.fullPauses() == 0 && pauseShare < 0.10;
            table.add(new Table.Row("5 memory (-Xmx" + options.memoryHeap + ")",
                    String.format(Locale.ROOT, "all %,d applied, %s upd/s (%s with -Xmx%s); GC %.1f%% of the time, "
                                    + "longest pause %.0f ms, 0 OOM, %d full GC; heap after GC <= %d MiB; RSS %.0f MiB",
                            measured.updates(), Table.rate(measured.perSecond()), Table.rate(compared.perSecond()),
                            options.workerHeap, 100 * pauseShare, during.longestMillis(), gc.fullPauses(),
                            gc.maxAfterMiB(), rss),
                    "all applied, no OOM/full GC, GC < 10%", held ? Table.Verdict.PASS : Table.Verdict.MISS));
        }
    }

    /** The worker warmed up on {@code warm} ({@link #warmUpWorker}), then the measured load on {@code measured}. */
    private static WorkerLoad.Result warmAndMeasure(Stack stack, Stack.Store store, List<String> warm,
                                                    List<String> measured, String tag, Options options) throws Exception {
        warmUpWorker(stack, store, warm, tag + "-warm", options);
        return WorkerLoad.run(stack, targets(store, measured), tag, Duration.ofMinutes(10));
    }

    /** Warm-up passes of the worker over {@code warm} until {@link #warmedUp}. */
    private static void warmUpWorker(Stack stack, Stack.Store store, List<String> warm, String tag, Options options)
            throws Exception {
        for (int pass = 1; ; pass++) {
            WorkerLoad.Result warmed = WorkerLoad.run(stack, targets(store, warm), tag + "-" + pass,
                    Duration.ofMinutes(5));
            System.out.println("  worker warm-up " + pass + ": " + warmed.describe());
            if (warmedUp(options, pass, warmed.cpu(), Stack.WORKER, Stack.BENCH_JVM)) {
                return;
            }
        }
    }

    /**
     * Whether a side has warmed up after this pass: at least two passes, and in the last one the JIT
     * compiler threads of each of its JVMs ({@code groups}) took at most {@code --warmup-jit} of that
     * JVM's CPU (or {@code --warmup-passes} ran). The rounds are to compare steady states: code that runs
     * once per group commit, not once per update, reaches C2's thresholds only after tens of thousands of
     * updates, and a worker still compiling it spends CPU that it does not once warm; the harness's JVM
     * (sandbox, broker) meets the worker's concurrency only when the worker runs, and warms up with it.
     */
    private static boolean warmedUp(Options options, int pass, Machine.CpuUse cpu, String... groups) {
        double jitShare = 0;
        String compiling = "";
        for (String group : groups) {
            double total = cpu.ours().getOrDefault(group, 0.0);
            double share = total > 0 ? cpu.jit().getOrDefault(group, 0.0) / total : 0;
            if (share > jitShare) {
                jitShare = share;
                compiling = group;
            }
        }
        if (pass < 2) {
            return false;
        }
        if (jitShare <= options.warmupJit) {
            return true;
        }
        if (pass >= options.warmupPasses) {
            System.out.printf(Locale.ROOT, "  still compiling after %d warm-up passes (JIT %.0f%% of the %s's CPU);"
                    + " measuring anyway%n", pass, 100 * jitShare, compiling);
            return true;
        }
        return false;
    }

    static List<WorkerLoad.Target> targets(Stack.Store store, List<String> orderIds) {
        List<WorkerLoad.Target> targets = new ArrayList<>(orderIds.size());
        orderIds.forEach(id -> targets.add(new WorkerLoad.Target(store, id)));
        return targets;
    }

    private static OrderDeskClient newClient(String baseUrl) {
        return new OrderDeskClient(baseUrl, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** The baseline: one thread, fetch → merge → PUT, the same client class the worker uses, no gate. */
    private static Direct directLoop(Stack stack, OrderDeskClient client, StoreCredentials store, List<String> orderIds,
                                     String tag) {
        var groups = stack.cpuGroups();
        Machine.CpuSnapshot cpuBefore = Machine.snapshot(groups);
        long started = System.nanoTime();
        for (int i = 0; i < orderIds.size(); i++) {
            String id = orderIds.get(i);
            ObjectNode current = client.getOrder(store, id);
            ObjectNode merged = OrderMerge.merge(current, Commands.typicalChange(tag + "-" + i));
            client.replaceOrder(store, id, merged);
        }
        long ended = System.nanoTime();
        return new Direct(orderIds.size(), (ended - started) / 1e9, Machine.between(cpuBefore, Machine.snapshot(groups)));
    }

    private static double cpuMs(Machine.CpuUse cpu, String group, int units) {
        return cpu.ours().getOrDefault(group, 0.0) * 1000 / units;
    }

    private static double cpuMsTotal(Machine.CpuUse cpu, int units) {
        return cpu.ours().values().stream().mapToDouble(Double::doubleValue).sum() * 1000 / units;
    }

    /** Totals from a {@code -Xlog:gc} file (default decorations: uptime first). */
    record Gc(int pauses, double pauseMillis, double longestMillis, int fullPauses, long maxAfterMiB, long heapMiB) {

        private static final Pattern PAUSE = Pattern.compile(
                "Pause (\\w+).*?(\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");
        private static final Pattern UPTIME = Pattern.compile("^\\[([\\d.]+)s\\]");

        /** Pauses that ended between {@code from} and {@code to} (all when null); the JVM started at {@code jvmStart}. */
        static Gc parse(Path file, Instant jvmStart, Instant from, Instant to) {
            int pauses = 0;
            int full = 0;
            double millis = 0;
            double longest = 0;
            long maxAfter = 0;
            long heap = 0;
            try {
                for (String line : Files.readAllLines(file)) {
                    Matcher m = PAUSE.matcher(line);
                    if (m.find()) {
                        Matcher up = UPTIME.matcher(line);
                        if (jvmStart != null && up.find()) {
                            Instant at = jvmStart.plusMillis((long) (Double.parseDouble(up.group(1)) * 1000));
                            if (at.isBefore(from) || at.isAfter(to)) {
                                continue;
                            }
                        }
                        pauses++;
                        if (m.group(1).equals("Full")) {
                            full++;
                        }
                        maxAfter = Math.max(maxAfter, Long.parseLong(m.group(3)));
                        heap = Math.max(heap, Long.parseLong(m.group(4)));
                        millis += Double.parseDouble(m.group(5));
                        longest = Math.max(longest, Double.parseDouble(m.group(5)));
                    }
                }
            } catch (Exception e) {
                System.out.println("  (could not read the GC log " + file + ": " + e + ")");
            }
            return new Gc(pauses, millis, longest, full, maxAfter, heap);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d pauses, %.0f ms in all (longest %.0f ms), %d full; heap after GC at most %d MiB of %d MiB",
                    pauses, pauseMillis, longestMillis, fullPauses, maxAfterMiB, heapMiB);
        }
    }
}
