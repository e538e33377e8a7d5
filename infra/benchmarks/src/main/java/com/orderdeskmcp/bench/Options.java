package com.orderdeskmcp.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line options: which benchmarks, and the size of each. */
final class Options {

    static final List<String> BENCHMARKS = List.of("overhead", "rate-budget", "hot-order", "scale-out", "memory");

    static final String USAGE = """
            usage: benchmarks [all | overhead | rate-budget | hot-order | scale-out | memory]... [options]

              --repo DIR                 repository root (default: found from the working directory)
              --worker-jar FILE          the worker under test (default: mutation-worker/target/mutation-worker.jar);
                                         copied into the run directory first, so a rebuild meanwhile does not matter
              --max-load X               wait before starting while the 1-minute load average is above X (1.5)
              --wait-quiet DURATION      wait at most this long for that (15m)
              --worker-heap SIZE         -Xmx of workers, except the memory benchmark's (1g)
              --memory-heap SIZE         -Xmx of the memory benchmark's worker (256m)
              --worker-jvm "OPTIONS"     more JVM options for every worker, space-separated (none)
              --warmup N                 overhead and memory: updates per warm-up pass (15000); each side (worker,
                                         direct loop) runs at least 2 passes, then more while its JVM's JIT compiler
                                         threads took more than --warmup-jit of its CPU in the last pass
              --warmup-jit SHARE         the JIT share of a JVM's CPU under which it counts as warm (0.03)
              --warmup-passes N          warm-up passes at most, per side (8)
              --overhead-updates N       updates measured in overhead and memory, one per order (6000)
              --overhead-rounds N        overhead: rounds of worker then direct loop; the verdict is the median (5)
              --budget-seconds N         saturated seconds measured in rate-budget, after 10 s of settling (60)
              --budget-orders N          orders updated in rate-budget; 5 updates each are queued (400)
              --budget-burst N           rate-budget: the shared limit's burst for workers and readers (default:
                                         the apps' default, 18; OrderDesk's is 20)
              --read-interval DURATION   rate-budget: each of the 2 reader threads reads an order this often (2s)
              --label TEXT               a note for the header, e.g. the commit the worker was built from
              --profile                  record a JFR profile of every worker (in the run directory)
              --unwired-reads            rate-budget: readers bypass the shared limiter (mcp-front before 152e308)
              --hot-updates N            updates queued on one order in hot-order (50)
              --scale-stores N           stores in scale-out (50)
              --scale-orders N           orders per store in scale-out (40): one update of each in a batch, then
                                         one at a time of each in the closed loop that gives the verdict
              --scale-window DURATION    scale-out: the closed loop's measured window (20s), after a ramp-up
              --scale-ramp DURATION      of this long (5s)
              --scale-latency DURATION   sandbox latency in scale-out (200ms)
              --scale-warmup N           scale-out: warm-up updates before each phase (15000, and 5000 where
                                         max.poll.records bounds the workers: such a warm-up runs at 40/s)
              --scale-in-flight LIST     scale-out configurations, each worker.max-in-flight[/max.poll.records]:
                                         1000 = the defaults; 20/10 = at most 29 updates in flight per worker
                                         (1000,20/10)
            """;

    final Set<String> benchmarks = new LinkedHashSet<>();
    Path repo;
    Path workerJar;
    double maxLoad = 1.5;
    Duration waitQuiet = Duration.ofMinutes(15);
    String workerHeap = "1g";
    String memoryHeap = "256m";
    List<String> workerJvm = List.of();
    // After 2 x 15,000 updates the worker's JIT compiler threads still took 13 % of its CPU (code that
    // runs once per group commit reaches C2's thresholds late): warm-up goes on until they settle.
    int warmup = 15000;
    double warmupJit = 0.03;
    int warmupPasses = 8;
    int overheadUpdates = 6000;
    int overheadRounds = 5;
    int budgetSeconds = 60;
    int budgetOrders = 400;
    int budgetBurst;
    Duration readInterval = Duration.ofSeconds(2);
    boolean unwiredReads;
    boolean profile;
    String label = "";
    int hotUpdates = 50;
    int scaleStores = 50;
    int scaleOrders = 40;
    Duration scaleLatency = Duration.ofMillis(200);
    Duration scaleWindow = Duration.ofSeconds(20);
    Duration scaleRamp = Duration.ofSeconds(5);
    /** Scale-out's warm-up; 0: 15,000, or 5,000 for a configuration bounded by max.poll.records (40 updates/s). */
    int scaleWarmup;
    List<String> scaleInFlight = List.of("1000", "20/10");

    static Options parse(String[] args) {
        Options o = new Options();
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("all")) {
                o.benchmarks.addAll(BENCHMARKS);
            } else if (BENCHMARKS.contains(arg)) {
                o.benchmarks.add(arg);
            } else if (arg.equals("--profile")) {
                o.profile = true;
            } else if (arg.equals("--unwired-reads")) {
                o.unwiredReads = true;
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                values.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (o.benchmarks.isEmpty()) {
            throw new IllegalArgumentException("name at least one benchmark, or all");
        }
        o.repo = Path.of(values.getOrDefault("repo", findRepo().toString())).toAbsolutePath().normalize();
        o.workerJar = values.containsKey("worker-jar") ? Path.of(values.remove("worker-jar")).toAbsolutePath()
                : o.repo.resolve("mutation-worker/target/mutation-worker.jar");
        values.remove("repo");
        for (var entry : values.entrySet()) {
            String v = entry.getValue();
            switch (entry.getKey()) {
                case "max-load" -> o.maxLoad = Double.parseDouble(v);
                case "label" -> o.label = v;
                case "wait-quiet" -> o.waitQuiet = duration(v);
                case "worker-heap" -> o.workerHeap = v;
                case "memory-heap" -> o.memoryHeap = v;
                case "worker-jvm" -> o.workerJvm = List.of(v.trim().split("\\s+"));
                case "warmup" -> o.warmup = Integer.parseInt(v);
                case "warmup-jit" -> o.warmupJit = Double.parseDouble(v);
                case "warmup-passes" -> {
                    o.warmupPasses = Integer.parseInt(v);
                    if (o.warmupPasses < 2) {
                        throw new IllegalArgumentException("--warmup-passes must be at least 2, was " + v);
                    }
                }
                case "overhead-updates" -> o.overheadUpdates = Integer.parseInt(v);
                case "overhead-rounds" -> {
                    o.overheadRounds = Integer.parseInt(v);
                    if (o.overheadRounds < 1) {
                        throw new IllegalArgumentException("--overhead-rounds must be at least 1, was " + v);
                    }
                }
                case "budget-seconds" -> o.budgetSeconds = Integer.parseInt(v);
                case "budget-orders" -> o.budgetOrders = Integer.parseInt(v);
                case "budget-burst" -> o.budgetBurst = Integer.parseInt(v);
                case "read-interval" -> o.readInterval = duration(v);
                case "hot-updates" -> o.hotUpdates = Integer.parseInt(v);
                case "scale-stores" -> o.scaleStores = Integer.parseInt(v);
                case "scale-orders" -> o.scaleOrders = Integer.parseInt(v);
                case "scale-latency" -> o.scaleLatency = duration(v);
                case "scale-window" -> o.scaleWindow = duration(v);
                case "scale-ramp" -> o.scaleRamp = duration(v);
                case "scale-warmup" -> o.scaleWarmup = Integer.parseInt(v);
                case "scale-in-flight" -> {
                    List<String> list = new ArrayList<>();
                    for (String part : v.split(",")) {
                        if (!part.trim().matches("\\d+(/\\d+)?")) {
                            throw new IllegalArgumentException("--scale-in-flight takes N or N/P: " + part);
                        }
                        list.add(part.trim());
                    }
                    o.scaleInFlight = List.copyOf(list);
                }
                default -> throw new IllegalArgumentException("unknown option --" + entry.getKey());
            }
        }
        return o;
    }

    /** 500ms, 2s, 15m. */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("not a duration: " + text);
        };
    }

    /** The directory with {@code mvnw} and {@code mutation-worker/}, from here upwards. */
    private static Path findRepo() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("mutation-worker"))) {
                return d;
            }
        }
        return dir;
    }
}
