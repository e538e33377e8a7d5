package com.orderdeskmcp.bench;

import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.OrderDeskException;
import com.orderdeskmcp.model.client.RequestGate;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.ratelimit.SharedRateLimit;
import com.orderdeskmcp.sandbox.RecordedRequest;
import com.orderdeskmcp.sandbox.SandboxOptions;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import com.orderdeskmcp.sandbox.control.RequestStats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark 2: one store, the sandbox's rate limit on (20 burst, 3/s), two worker processes with
 * their default shared limit (18 burst, 2.9/s, one Bucket4j bucket in PostgreSQL), plus readers in
 * this JVM that read other orders of the same store, as a front does: an {@link OrderDeskClient}
 * gated by a {@link SharedRateLimit} on the workers' database, which is how mcp-front's read path is
 * built since commit 152e308 (before it, front reads bypassed the limit: {@code --unwired-reads}
 * reproduces that). The MCP layer and the front's cache are left out: the readers are cache misses.
 *
 * <p>Enough updates are queued that the workers always have a request to make. After 10 s of
 * settling (the two buckets' bursts are spent by then), the requests the sandbox answered in the next
 * {@code --budget-seconds} are counted: the used share of 3/s, and every 429 of the whole run.
 */
final class RateBudgetBenchmark {

    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final int UPDATES_PER_ORDER = 5;
    private static final int READERS = 2;

    private RateBudgetBenchmark() {
    }

    static void run(Stack.Shared shared, Options options, Table table) throws Exception {
        System.out.printf("%n== 2. rate budget: one store, sandbox limit on (20 burst, 3/s), two workers, readers %s%n",
                options.unwiredReads ? "NOT gated (as mcp-front before 152e308)" : "through the shared limiter");
        System.out.println("  load average before: " + Machine.loadAverage());
        try (Stack stack = new Stack(shared, "rate-budget", SandboxOptions.defaults().withRateLimit(true))) {
            Stack.Store store = stack.addStore("4001");
            List<String> updated = stack.sandbox().seedOrders(store.id(), options.budgetOrders, 4);
            List<String> readOnly = stack.sandbox().seedOrders(store.id(), 20, 5);
            Set<String> readSet = new HashSet<>(readOnly);

            List<String> jvm = List.of("-Xmx" + options.workerHeap);
            int burst = options.budgetBurst > 0 ? options.budgetBurst : 18; // the apps' default
            Map<String, String> settings = options.budgetBurst > 0
                    ? Map.of("ORDERDESK_RATE_LIMIT_BURST", Integer.toString(burst))
                    : Map.of();
            if (options.budgetBurst > 0) {
                System.out.println("  the shared limit's burst: " + burst + " (OrderDesk's: 20)");
            }
            stack.startWorker("worker-1", jvm, settings);
            stack.startWorker("worker-2", jvm, settings);
            stack.awaitGroup(2, Duration.ofMinutes(1));
            // A full bucket on both sides, and counts from zero.
            stack.sandbox().reset();

            RequestGate gate = options.unwiredReads ? RequestGate.OPEN
                    : new SharedRateLimit(stack.dataSource(), new SharedRateLimit.Limit(burst, 2.9), Map.of());
            OrderDeskClient readerClient = new OrderDeskClient(stack.sandbox().baseUrl(), Duration.ofSeconds(10),
                    Duration.ofSeconds(30), gate);
            StoreCredentials credentials = new StoreCredentials(store.id(), store.apiKey());

            List<Commands.Update> updates = new ArrayList<>();
            for (int round = 0; round < UPDATES_PER_ORDER; round++) {
                for (int i = 0; i < updated.size(); i++) {
                    updates.add(new Commands.Update(Stack.TENANT, store.id(), updated.get(i),
                            Commands.typicalChange("budget-" + round + "-" + i)));
                }
            }
            Outcomes outcomes = stack.outcomes();
            Instant loadStarted = Instant.now();
            List<String> ids = stack.commands().sendAll(updates);
            stack.commands().flush();

            Readers readers = new Readers(readerClient, credentials, readOnly, options.readInterval);
            Duration total = SETTLE.plusSeconds(options.budgetSeconds);
            // The window is timed from the sandbox's first request, which comes a moment after the load.
            Instant first = awaitFirstRequest(stack, store.id(), loadStarted);
            Instant windowStart = first.plus(SETTLE);
            Instant windowEnd = first.plus(total);
            var groups = stack.cpuGroups();
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), windowStart).toMillis()));
            Machine.CpuSnapshot cpuBefore = Machine.snapshot(groups);
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), windowEnd).toMillis()) + 500);
            Machine.CpuSnapshot cpuAfter = Machine.snapshot(groups);
            String readSummary = readers.describe();
            readers.stop();

            RequestStats stats = stack.sandbox().stats(store.id());
            List<RecordedRequest> log = stack.sandbox().requests(RequestMatcher.store(store.id()));
            long inWindow = 0;
            long readsInWindow = 0;
            long limitedInWindow = 0;
            long firstMinute = 0;
            long getsInWindow = 0;
            long putsInWindow = 0;
            int[] perTenSeconds = new int[(options.budgetSeconds + 9) / 10];
            for (int k = 0; k < log.size(); k++) {
                RecordedRequest r = log.get(k);
                boolean limited = r.status() == 429;
                if (limited) {
                    int before = 0;
                    for (int j = k - 1; j >= 0 && log.get(j).at().isAfter(r.at().minusSeconds(1)); j--) {
                        before++;
                    }
                    System.out.printf(Locale.ROOT, "  429 at +%.3f s after the first request (%s %s); %d requests arrived in the second before it%n",
                            Duration.between(first, r.at()).toNanos() / 1e9, r.method(), r.path(), before);
                }
                if (!r.at().isBefore(windowStart) && r.at().isBefore(windowEnd)) {
                    if (limited) {
                        limitedInWindow++;
                    } else {
                        inWindow++;
                        perTenSeconds[(int) (Duration.between(windowStart, r.at()).toSeconds() / 10)]++;
                        if (readSet.contains(r.orderId())) {
                            readsInWindow++;
                        } else if (r.method().equals("GET")) {
                            getsInWindow++;
                        } else if (r.method().equals("PUT")) {
                            putsInWindow++;
                        }
                    }
                }
                if (!limited && !r.at().isBefore(first) && r.at().isBefore(first.plusSeconds(60))) {
                    firstMinute++;
                }
            }
            double seconds = options.budgetSeconds;
            double rate = inWindow / seconds;
            double used = rate / 3.0;
            long completed = outcomes.count(ids, "OrderMutated");
            long windowStartNanos = System.nanoTime() - Duration.between(windowStart, Instant.now()).toNanos();
            long windowEndNanos = System.nanoTime() - Duration.between(windowEnd, Instant.now()).toNanos();
            long appliedInWindow = ids.stream().map(outcomes::get).filter(o -> o != null
                    && o.arrived() >= windowStartNanos && o.arrived() < windowEndNanos).count();
            long firstRequestNanos = System.nanoTime() - Duration.between(first, Instant.now()).toNanos();
            String firstApplied = ids.stream().map(outcomes::get).filter(o -> o != null).mapToLong(Outcomes.Outcome::arrived)
                    .min().stream().mapToObj(t -> String.format(Locale.ROOT, "%.1f s", (t - firstRequestNanos) / 1e9))
                    .findFirst().orElse("none within the run");
            long otherOutcomes = ids.stream().map(outcomes::get).filter(o -> o != null && !o.type().equals("OrderMutated"))
                    .count();
            System.out.printf(Locale.ROOT, "  first request %s after the load was sent; window %s..%s%n",
                    Duration.between(loadStarted, first), windowStart, windowEnd);
            System.out.printf(Locale.ROOT,
                    "  answered in the window: %d requests = %.3f/s = %.1f%% of 3/s (workers %d: GET %d, PUT %d; readers %d); 429 in the window: %d%n",
                    inWindow, rate, 100 * used, inWindow - readsInWindow, getsInWindow, putsInWindow, readsInWindow,
                    limitedInWindow);
            System.out.println("  answered per 10 s of the window: " + java.util.Arrays.toString(perTenSeconds)
                    + " (29 = 2.9/s); upstream calls of applied updates that failed: " + outcomes.failedCalls(ids));
            System.out.printf(Locale.ROOT,
                    "  whole run: %d requests, by status %s, 429 from the bucket %d, peak %d/s; first 60 s incl. the burst: %d of the 200 the sandbox allows (20 + 3 x 60)%n",
                    stats.total(), stats.byStatus(), stats.rateLimited(), stats.peakPerSecond(), firstMinute);
            System.out.printf(Locale.ROOT, "  updates applied: %d in the window, %d of %d in all (other outcomes %d); first one %s after the first request%n",
                    appliedInWindow, completed, ids.size(), otherOutcomes, firstApplied);
            System.out.println("  readers: " + readSummary);
            System.out.println("  " + Machine.between(cpuBefore, cpuAfter).describe(0, ""));
            System.out.println("  load average after: " + Machine.loadAverage());
            boolean ok = used >= 0.95 && stats.rateLimited() == 0;
            table.add(new Table.Row("2 rate budget" + (options.unwiredReads ? " (reads NOT gated)" : "")
                    + (options.budgetBurst > 0 ? " (shared burst " + burst + ")" : ""),
                    String.format(Locale.ROOT, "%.3f req/s = %.1f%% of 3/s over %d s (GET %d, PUT %d, reads %d); 429s: %d; peak %d/s",
                            rate, 100 * used, options.budgetSeconds, getsInWindow, putsInWindow, readsInWindow,
                            stats.rateLimited(), stats.peakPerSecond()),
                    ">= 95%, 0 x 429", ok ? Table.Verdict.PASS : Table.Verdict.MISS));
            table.add(new Table.Row("2 rate budget: updates applied",
                    String.format(Locale.ROOT, "%d in the %d s window (%.2f/s), %d of %d by the end; first after %s",
                            appliedInWindow, options.budgetSeconds, appliedInWindow / seconds, completed, ids.size(),
                            firstApplied),
                    "(diagnostic)", Table.Verdict.INFO));
            table.add(new Table.Row("2 rate budget: reads by a front", readSummary, "(diagnostic)", Table.Verdict.INFO));
            stack.killWorkers();
        }
    }

    private static Instant awaitFirstRequest(Stack stack, String store, Instant since) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            List<RecordedRequest> log = stack.sandbox().requests(RequestMatcher.store(store));
            if (!log.isEmpty()) {
                return log.getFirst().at();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no request reached the sandbox within a minute of " + since);
    }

    /** Reader threads: each reads one of the read-only orders every interval (not more often), and times it. */
    private static final class Readers {
        private final List<Thread> threads = new ArrayList<>();
        private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger limited = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final long[] waitingSince = new long[READERS];
        private volatile boolean running = true;

        Readers(OrderDeskClient client, StoreCredentials store, List<String> orders, Duration interval) {
            for (int r = 0; r < READERS; r++) {
                int reader = r;
                threads.add(Thread.ofPlatform().daemon().name("bench-reader-" + r).start(() -> {
                    int i = reader;
                    long next = System.nanoTime();
                    while (running) {
                        long started = System.nanoTime();
                        synchronized (waitingSince) {
                            waitingSince[reader] = started;
                        }
                        try {
                            client.getOrder(store, orders.get(i++ % orders.size()));
                            latencies.add(System.nanoTime() - started);
                        } catch (OrderDeskException e) {
                            if (e.status() == 429) {
                                limited.incrementAndGet();
                            } else if (running) {
                                failed.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            if (running) {
                                failed.incrementAndGet();
                            }
                        } finally {
                            synchronized (waitingSince) {
                                waitingSince[reader] = 0;
                            }
                        }
                        next += interval.toNanos();
                        long sleep = next - System.nanoTime();
                        if (sleep > 0) {
                            try {
                                Thread.sleep(Duration.ofNanos(sleep));
                            } catch (InterruptedException e) {
                                return;
                            }
                        } else {
                            next = System.nanoTime();
                        }
                    }
                }));
            }
        }

        void stop() {
            running = false;
            threads.forEach(Thread::interrupt);
        }

        /** Completed reads and their latency, and the reads still waiting (for how long). */
        String describe() {
            List<Long> sorted;
            synchronized (latencies) {
                sorted = new ArrayList<>(latencies);
            }
            Collections.sort(sorted);
            long now = System.nanoTime();
            List<String> waiting = new ArrayList<>();
            synchronized (waitingSince) {
                for (long since : waitingSince) {
                    if (since != 0) {
                        waiting.add(String.format(Locale.ROOT, "%.0f s", (now - since) / 1e9));
                    }
                }
            }
            String still = waiting.isEmpty() ? "none waiting" : waiting.size() + " waiting for " + String.join(", ", waiting);
            if (sorted.isEmpty()) {
                return String.format("no read completed; %s; 429 %d, failed %d", still, limited.get(), failed.get());
            }
            return String.format(Locale.ROOT, "%d reads done, latency p50 %.2f s, max %.2f s; %s; 429 %d, failed %d",
                    sorted.size(), sorted.get(sorted.size() / 2) / 1e9, sorted.getLast() / 1e9, still, limited.get(),
                    failed.get());
        }
    }
}
