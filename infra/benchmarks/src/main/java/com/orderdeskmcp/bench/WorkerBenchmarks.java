package com.orderdeskmcp.bench;

import com.orderdeskmcp.infra.LocalPostgres;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The mutation-worker's benchmarks (issue 4), all in one run or one at a time, with a results table.
 * Kafka (a fresh in-process KRaft broker per benchmark), PostgreSQL (embedded, one database per
 * benchmark) and the OrderDesk sandbox run in this JVM; every worker is a JVM of its own, started
 * from the executable jar as operators run it. See the module README.
 */
public final class WorkerBenchmarks {

    private WorkerBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(options.workerJar)) {
            System.err.println("the worker is not built: " + options.workerJar + " is missing (./mvnw -q -B install -DskipTests "
                    + "-pl shared-model,mutation-worker)");
            System.exit(2);
        }
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path run = options.repo.resolve("infra/benchmarks/target/runs/" + stamp);
        Files.createDirectories(run);
        PrintStream console = System.out;
        System.setOut(new PrintStream(new Tee(console, new FileOutputStream(run.resolve("output.txt").toFile())),
                true, StandardCharsets.UTF_8));

        Path jar = run.resolve("mutation-worker-under-test.jar");
        Files.copy(options.workerJar, jar, StandardCopyOption.REPLACE_EXISTING);
        Table table = new Table();
        System.out.println("OrderDesk MCP mutation-worker benchmarks, " + Instant.now());
        System.out.printf("  machine: %d cores, Java %s; load average %s%n", Machine.cores(),
                Runtime.version(), Machine.loadAverage());
        System.out.printf("  worker under test: %s (built %s, sha256 %s...); repository %s%n", options.workerJar,
                Files.getLastModifiedTime(options.workerJar), sha256(jar).substring(0, 12), git(options.repo));
        if (!options.label.isBlank()) {
            System.out.println("  label: " + options.label);
        }
        if (!options.workerJvm.isEmpty()) {
            System.out.println("  more JVM options for every worker: " + String.join(" ", options.workerJvm));
        }
        System.out.println("  run directory (worker logs, GC log, this output): " + run);
        System.out.println("  benchmarks: " + String.join(", ", options.benchmarks));
        String loadAtStart = Machine.waitUntilQuiet(options.maxLoad, options.waitQuiet);
        System.out.println("  load average at start: " + loadAtStart);

        long started = System.nanoTime();
        try (LocalPostgres postgres = LocalPostgres.start()) {
            Stack.Shared shared = new Stack.Shared(postgres, jar, run, options.workerJvm, options.profile);
            for (String name : Options.BENCHMARKS) {
                if (!options.benchmarks.contains(name)) {
                    continue;
                }
                try {
                    // Our own previous benchmark keeps the 1-minute average up for a minute too.
                    Machine.waitUntilQuiet(options.maxLoad, options.waitQuiet);
                    switch (name) {
                        case "overhead" -> OverheadBenchmark.run(shared, options, table);
                        case "rate-budget" -> RateBudgetBenchmark.run(shared, options, table);
                        case "hot-order" -> HotOrderBenchmark.run(shared, options, table);
                        case "scale-out" -> ScaleOutBenchmark.run(shared, options, table);
                        case "memory" -> OverheadBenchmark.memory(shared, options, table);
                        default -> throw new IllegalStateException(name);
                    }
                } catch (Exception | Error e) {
                    System.out.println("  " + name + " FAILED: " + e);
                    e.printStackTrace(System.out);
                    table.add(new Table.Row(name, "did not complete: " + e.getMessage(), "", Table.Verdict.ERROR));
                }
            }
        }
        System.out.printf("%nResults (%s; load average at start %s, at end %s; %d s in all; details above and in %s)%n%n",
                Instant.now(), loadAtStart, Machine.loadAverage(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
                run);
        System.out.print(table.render());
        System.out.flush();
        System.setOut(console);
        Files.deleteIfExists(jar); // 60 MB; its sha256 is in the output
        boolean error = table.rows().stream().anyMatch(r -> r.verdict() == Table.Verdict.ERROR);
        System.exit(error ? 1 : 0);
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** HEAD and whether the worker's sources differ from it. */
    private static String git(Path repo) {
        try {
            String head = command(repo, "git", "rev-parse", "--short", "HEAD");
            String dirty = command(repo, "git", "status", "--porcelain", "--", "mutation-worker", "shared-model");
            return String.format(Locale.ROOT, "at %s%s", head.strip(),
                    dirty.isBlank() ? "" : " (worker/shared-model sources differ from HEAD)");
        } catch (Exception e) {
            return "(not a git checkout)";
        }
    }

    private static String command(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out.strip());
        }
        return out;
    }

    /** Copies console output into the run directory. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int value) throws IOException {
            a.write(value);
            b.write(value);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
