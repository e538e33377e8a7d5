package com.orderdeskmcp.frontbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orderdeskmcp.infra.ProcStat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cached {@code orders_get} through mcp-front's whole MCP Streamable HTTP path (bearer filter, body
 * filter, the SDK's transport and server, the tool, the read cache, the answer) with mcp-front as its
 * own JVM ({@code -Xmx256m} by default). Closed loop: each client is one MCP session on one
 * connection that sends its next call when the previous answer arrived. Each measurement waits until
 * the machine's load average is low enough, warms up, then measures; it is repeated {@code --runs}
 * times. See README.md.
 */
public final class FrontBench {

    private static final String USAGE = """
            front-bench [options]
              --clients 4,8,16       concurrent MCP sessions, one measurement per value per run (default 8)
              --runs 2               how often every measurement is repeated (default 2)
              --warmup 15s           per measurement, before measuring (default 15s)
              --duration 30s         measured time per measurement (default 30s)
              --client raw|sdk       raw: HTTP/1.1 JSON-RPC over a keep-alive socket per session (default);
                                     sdk: the MCP Java SDK's McpSyncClient (HttpClientStreamableHttpTransport)
              --orders 40            distinct orders read (all cached before the first measurement)
              --front-jvm "OPTS"     mcp-front's JVM options (default "-Xmx256m")
              --front-env K=V        an extra mcp-front setting (repeatable)
              --jfr FILE             record mcp-front with JFR (settings=profile) into FILE (written at exit)
              --max-load 1.5         measure only when the 1-minute load average is below this
              --max-other 30         a measurement during which other processes used more than this much CPU
                                     (percent of one core) is flagged as disturbed and repeated (default 30)
              --retries 3            how often a disturbed measurement is repeated at most (default 3)
              --load-wait 30m        give up waiting for a low load after this long (then measure anyway, flagged)
              --out FILE             also write the results table (markdown) to FILE
              --hold                 afterwards, keep mcp-front running (prints its URL and token) until stopped
            """;

    public static void main(String[] args) throws Exception {
        List<Integer> clientCounts = List.of(8);
        int runs = 2;
        Duration warmup = Duration.ofSeconds(15);
        Duration duration = Duration.ofSeconds(30);
        String mode = "raw";
        int orders = 40;
        List<String> frontJvm = List.of("-Xmx256m");
        Map<String, String> frontEnv = new java.util.HashMap<>();
        Path jfr = null;
        double maxLoad = 1.5;
        double maxOther = 30;
        int retries = 3;
        Duration loadWait = Duration.ofMinutes(30);
        Path out = null;
        boolean hold = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clientCounts = Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::parseInt).toList();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = duration(args[++i]);
                case "--duration" -> duration = duration(args[++i]);
                case "--client" -> mode = args[++i];
                case "--orders" -> orders = Integer.parseInt(args[++i]);
                case "--front-jvm" -> frontJvm = Arrays.stream(args[++i].trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
                case "--front-env" -> {
                    String[] kv = args[++i].split("=", 2);
                    frontEnv.put(kv[0], kv[1]);
                }
                case "--jfr" -> jfr = Path.of(args[++i]).toAbsolutePath();
                case "--max-load" -> maxLoad = Double.parseDouble(args[++i]);
                case "--load-wait" -> loadWait = duration(args[++i]);
                case "--max-other" -> maxOther = Double.parseDouble(args[++i]);
                case "--retries" -> retries = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                case "--hold" -> hold = true;
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return;
                }
                default -> {
                    System.err.print("unknown option " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        List<String> jvm = new ArrayList<>(frontJvm);
        if (jfr != null) {
            jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
        }

        Path root = repositoryRoot();
        Path work = root.resolve("infra/front-bench/target/run");
        System.out.println("Starting PostgreSQL, Kafka, the OrderDesk sandbox and mcp-front (" + String.join(" ", jvm) + ")...");
        try (FrontStack stack = new FrontStack(root, work, orders, jvm, frontEnv)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
            System.out.println("mcp-front pid " + stack.frontPid() + " at " + stack.mcpUrl() + " (log " + stack.frontLog() + ")");
            fillCache(stack);

            List<Result> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                for (int clients : clientCounts) {
                    for (int attempt = 0; ; attempt++) {
                        double load = waitForLowLoad(maxLoad, loadWait);
                        Result result = measure(stack, mode, clients, warmup, duration, run, load, maxLoad, maxOther);
                        results.add(result);
                        System.out.println(result.line());
                        if (!result.disturbed() || attempt >= retries) {
                            break;
                        }
                        System.out.printf(Locale.ROOT, "disturbed (load %.2f before, other processes %.0f%% CPU): once more%n",
                                result.loadBefore(), result.cpu().other());
                    }
                }
            }
            String table = table(mode, jvm, warmup, duration, orders, results);
            if (!results.isEmpty()) {
                System.out.println();
                System.out.println(table);
            }
            if (out != null && !results.isEmpty()) {
                Files.writeString(out, table, StandardCharsets.UTF_8);
                System.out.println("(written to " + out + ")");
            }
            if (!stack.frontAlive()) {
                System.out.println("WARNING: mcp-front died during the benchmark; see " + stack.frontLog());
            }
            if (hold) {
                System.out.println("Holding: MCP endpoint " + stack.mcpUrl() + ", token " + stack.token()
                        + ", mcp-front pid " + stack.frontPid() + ". Stop with Ctrl-C (or kill " + ProcessHandle.current().pid() + ").");
                Thread.currentThread().join();
            }
        }
    }

    /** One read of every order (the upstream fetch), checked in full; afterwards every call is a cache hit. */
    private static void fillCache(FrontStack stack) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (RawMcpClient client = new RawMcpClient(stack.mcpUrl(), stack.token())) {
            client.initialize();
            long id = 1;
            int bytes = 0;
            for (String orderId : stack.orderIds()) {
                RawMcpClient.Answer answer = client.ordersGet(id, orderId);
                JsonNode message = json.readTree(answer.json());
                JsonNode result = message.path("result");
                if (answer.status() != 200 || message.path("id").asLong() != id || result.path("isError").asBoolean(true)
                        || !orderId.equals(result.at("/structuredContent/order/id").asText())) {
                    throw new IllegalStateException("orders_get " + orderId + " did not answer the order: HTTP "
                            + answer.status() + " " + answer.json());
                }
                bytes += answer.json().length();
                id++;
            }
            RawMcpClient.Answer sample = client.ordersGet(id, stack.orderIds().getFirst());
            System.out.println("Cache filled with " + stack.orderIds().size() + " orders; an answer is about "
                    + bytes / stack.orderIds().size() + " bytes of JSON-RPC (" + sample.headers().getOrDefault("content-type", "?")
                    + ", " + (sample.headers().containsKey("transfer-encoding") ? "chunked" : "content-length") + ")");
        }
    }

    record Result(int run, String mode, int clients, long calls, long errors, double seconds, long[] sortedNanos,
                  double loadBefore, double loadAfter, boolean loadTooHigh, Cpu.Share cpu, long frontRssKb,
                  boolean disturbed) {

        double perSecond() {
            return calls / seconds;
        }

        double percentileMillis(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
        }

        String line() {
            return String.format(Locale.ROOT, "run %d, %s client, %2d sessions: %,7.0f calls/s  p50 %.2f ms  p99 %.2f ms"
                            + "  p99.9 %.2f ms  max %.1f ms  errors %d  | load %.2f -> %.2f%s | CPU (of 2 cores = 200%%):"
                            + " front %.0f%%, harness %.0f%%, other %.0f%%, idle %.0f%% | front RSS %d MB%s",
                    run, mode, clients, perSecond(), percentileMillis(50), percentileMillis(99), percentileMillis(99.9),
                    percentileMillis(100), errors, loadBefore, loadAfter, loadTooHigh ? " (TOO HIGH)" : "",
                    cpu.front(), cpu.harness(), cpu.other(), cpu.idle(), frontRssKb / 1024, disturbed ? "  DISTURBED" : "");
        }
    }

    private static Result measure(FrontStack stack, String mode, int clients, Duration warmup, Duration duration,
                                  int run, double loadBefore, double maxLoad, double maxOther) throws Exception {
        System.out.printf(Locale.ROOT, "run %d: %d %s sessions, warm-up %ds, measuring %ds (load %.2f)%n", run, clients, mode,
                warmup.toSeconds(), duration.toSeconds(), loadBefore);
        List<String> orderIds = stack.orderIds();
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long[] window = new long[2]; // measure start, end (nanoTime), set before go
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int me = c;
            threads.add(Thread.ofPlatform().name("client-" + c).start(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try (Caller caller = Caller.open(mode, stack.mcpUrl(), stack.token())) {
                    connected.countDown();
                    go.await();
                    long start = window[0];
                    long end = window[1];
                    long id = 1;
                    int next = me * 7;
                    while (true) {
                        String orderId = orderIds.get(next++ % orderIds.size());
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            ok = caller.ordersGet(id++, orderId);
                        } catch (Exception e) {
                            ok = false;
                            if (failures.incrementAndGet() <= 3) {
                                System.err.println("client " + me + ": " + e);
                            }
                        }
                        long t1 = System.nanoTime();
                        if (t0 >= start && t1 <= end) {
                            if (!ok) {
                                errors.incrementAndGet();
                            }
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = t1 - t0;
                        }
                        if (t1 > end) {
                            break;
                        }
                    }
                } catch (Exception e) {
                    connected.countDown();
                    System.err.println("client " + me + " failed: " + e);
                    errors.incrementAndGet();
                }
                latencies[me] = mine;
                counts[me] = n;
            }));
        }
        connected.await();
        long now = System.nanoTime();
        window[0] = now + warmup.toNanos();
        window[1] = window[0] + duration.toNanos();
        go.countDown();
        sleepUntil(window[0]);
        Cpu.Snapshot before = Cpu.snapshot(stack.frontPid());
        Instant from = Instant.now();
        sleepUntil(window[1]);
        Cpu.Snapshot after = Cpu.snapshot(stack.frontPid());
        System.out.println("  measured from " + from + " to " + Instant.now() + " (e.g. to cut a JFR recording)");
        for (Thread t : threads) {
            t.join();
        }
        int total = 0;
        for (int n : counts) {
            total += n;
        }
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        double loadAfter = ProcStat.loadAverage();
        Cpu.Share share = Cpu.share(before, after);
        return new Result(run, mode, clients, total, errors.get(), duration.toNanos() / 1e9, all, loadBefore, loadAfter,
                loadBefore >= maxLoad, share, ProcStat.rssKb(stack.frontPid()), loadBefore >= maxLoad || share.other() > maxOther);
    }

    /** Waits (polling every 15 s) until the 1-minute load average is below {@code maxLoad}; returns it. */
    private static double waitForLowLoad(double maxLoad, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        double load = ProcStat.loadAverage();
        boolean said = false;
        while (load >= maxLoad && System.nanoTime() < deadline) {
            if (!said) {
                System.out.printf(Locale.ROOT, "load average %.2f >= %.2f: waiting (up to %d min)...%n", load, maxLoad,
                        maxWait.toMinutes());
                said = true;
            }
            Thread.sleep(15_000);
            load = ProcStat.loadAverage();
        }
        if (load >= maxLoad) {
            System.out.printf(Locale.ROOT, "load average still %.2f: measuring anyway (flagged)%n", load);
        }
        return load;
    }

    private static String table(String mode, List<String> jvm, Duration warmup, Duration duration, int orders,
                                List<Result> results) {
        StringBuilder t = new StringBuilder();
        t.append("Cached orders_get over MCP Streamable HTTP, ").append(mode).append(" client, mcp-front `")
                .append(String.join(" ", jvm)).append("`, ").append(orders).append(" orders, warm-up ")
                .append(warmup.toSeconds()).append(" s, measured ").append(duration.toSeconds()).append(" s, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ").append(Instant.now()).append("\n\n");
        t.append("| run | sessions | calls/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | load before → after | CPU front / harness / other / idle (200% = 2 cores) | front RSS | |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            t.append(String.format(Locale.ROOT, "| %d | %d | %,.0f | %.2f | %.2f | %.2f | %.2f | %.1f | %d | %.2f → %.2f%s | %.0f%% / %.0f%% / %.0f%% / %.0f%% | %d MB | %s |%n",
                    r.run(), r.clients(), r.perSecond(), r.percentileMillis(50), r.percentileMillis(90),
                    r.percentileMillis(99), r.percentileMillis(99.9), r.percentileMillis(100), r.errors(),
                    r.loadBefore(), r.loadAfter(), r.loadTooHigh() ? " ⚠" : "", r.cpu().front(), r.cpu().harness(),
                    r.cpu().other(), r.cpu().idle(), r.frontRssKb() / 1024, r.disturbed() ? "disturbed" : ""));
        }
        return t.toString();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    private static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t));
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("mcp-front")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new IllegalStateException("run from inside the repository (no mcp-front/ above " + dir + ")");
    }
}
