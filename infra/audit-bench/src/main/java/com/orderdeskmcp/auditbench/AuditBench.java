package com.orderdeskmcp.auditbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.infra.LocalKafka;
import com.orderdeskmcp.infra.LocalPostgres;
import com.orderdeskmcp.infra.ProcStat;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;
import org.flywaydb.core.Flyway;
import org.postgresql.PGProperty;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Replay and verify of the audit log through mcp-front's operator API, next to a plain SQL scan of
 * the same table, in one run on one database. See README.md.
 */
public final class AuditBench {

    private record Options(int events, int stores, int tenants, int perStream, double maxLoad, long maxWaitSeconds,
                           List<String> frontJvm, Map<String, String> frontEnv, Path work) {
    }

    /** One measured phase. */
    private record Phase(String name, long events, double seconds, double loadBefore, double loadAfter,
                         Machine.Share cpu, long frontRssMb, String frontHeap, String note) {
        double rate() {
            return events / seconds;
        }
    }

    private static final PrintStream out = System.out;

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        Path root = repositoryRoot();
        Path builtJar = root.resolve("mcp-front/target/mcp-front.jar");
        if (!Files.isRegularFile(builtJar)) {
            throw new IllegalStateException("mcp-front is not built: " + builtJar + " is missing (run.sh builds it)");
        }
        Files.createDirectories(options.work());
        // A copy: a build during the run (the machine is shared) replaces the jar under the running front.
        Path frontJar = Files.copy(builtJar, options.work().resolve("mcp-front.jar"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        out.printf("audit-bench: %,d events (%d stores, %d tenants, %d events per order), %d CPUs, JDK %s, commit %s, %s%n",
                options.events(), options.stores(), options.tenants(), options.perStream(),
                Runtime.getRuntime().availableProcessors(), Runtime.version(), git(root), LocalDate.now());
        List<AutoCloseable> started = new ArrayList<>();
        try {
            LocalPostgres postgres = LocalPostgres.start();
            started.add(postgres);
            LocalKafka kafka = LocalKafka.start();
            started.add(kafka);
            String jdbcUrl = postgres.createDatabase("auditbench");
            DataSource dataSource = dataSource(jdbcUrl, postgres, false);
            migrate(root, dataSource);
            String dataDirectory = new JdbcTemplate(dataSource).queryForObject("SHOW data_directory", String.class);
            Machine.postmaster(Long.parseLong(Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).getFirst().strip()));

            OrderDeskSandbox sandbox = OrderDeskSandbox.start(SandboxOptions.defaults().withoutRateLimit());
            started.add(sandbox);
            sandbox.addStore("1001", "bench-key");
            List<ObjectNode> orders = sandbox.seedOrders("1001", 40, 42).stream()
                    .map(id -> sandbox.order("1001", id).orElseThrow()).toList();
            byte[] sample = EventGenerator.sampleOrderMutated(orders.getFirst());
            out.printf("a real OrderMutated of a seeded sandbox order (%d bytes of order JSON), serialized as the worker "
                    + "stores it: %,d bytes%n", JsonCodec.encode(orders.getFirst()).length(), sample.length);

            var plan = new EventGenerator.Plan(options.events(), options.stores(), options.tenants(), options.perStream());
            out.printf("generating %,d events in %,d streams ...%n", (long) plan.streams() * plan.perStream(), plan.streams());
            var written = new EventGenerator(dataSource, orders, plan).generate(out);
            long events = written.events();
            out.printf("generated %,d events, %,d streams, average payload %,d bytes, in %d s%n", events, written.streams(),
                    written.payloadBytes() / events, written.seconds());
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            jdbc.execute("VACUUM ANALYZE public.domain_event_entry");
            jdbc.execute("VACUUM ANALYZE front.accepted_mutation");
            out.printf("event table %s, accepted_mutation %s%n",
                    jdbc.queryForObject("SELECT pg_size_pretty(pg_total_relation_size('public.domain_event_entry'))", String.class),
                    jdbc.queryForObject("SELECT pg_size_pretty(pg_total_relation_size('front.accepted_mutation'))", String.class));

            // The front, as its own process, with an operator token.
            int port = freePort();
            Map<String, String> env = new HashMap<>();
            env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("ORDERDESK_BASE_URL", sandbox.baseUrl());
            env.put("SPRING_DATASOURCE_URL", jdbcUrl);
            env.put("SPRING_DATASOURCE_USERNAME", postgres.username());
            env.put("SPRING_DATASOURCE_PASSWORD", postgres.password());
            env.put("ORDERDESK_VAULT_KEYS", "bench1:" + Base64.getEncoder().encodeToString(new byte[32]));
            env.put("SERVER_PORT", Integer.toString(port));
            env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            env.putAll(options.frontEnv());
            String token = operatorCommand(frontJar, env, List.of("tenants", "create", "ops", "--role", "operator",
                    "--label", "audit-bench"));
            Path frontLog = options.work().resolve("mcp-front.log");
            List<String> command = new ArrayList<>(List.of(java()));
            command.addAll(options.frontJvm());
            command.addAll(List.of("-jar", frontJar.toString()));
            out.println("mcp-front: " + String.join(" ", command.subList(1, command.size())) + " (log " + frontLog + ")");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(frontLog.toFile());
            builder.environment().putAll(env);
            Process front = builder.start();
            started.add(() -> {
                front.destroy();
                if (!front.waitFor(30, TimeUnit.SECONDS)) {
                    front.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            });
            awaitLine(front, frontLog, "Started FrontApplication", Duration.ofMinutes(3));
            String base = "http://127.0.0.1:" + port;

            List<Phase> phases = new ArrayList<>();
            // Started on a full event store, the processor first builds the read model (not the measured replay).
            phases.add(measure("initial build (processor on start)", events, options, front.pid(), () -> {
                while (count(jdbc, "front.audit_event") < events) {
                    if (!front.isAlive()) {
                        throw new IllegalStateException("mcp-front died; see " + frontLog);
                    }
                    Thread.sleep(250);
                }
                return null;
            }, false));
            String before = checksum(jdbc);

            phases.add(measure("plain SQL scan (pgjdbc defaults)", events, options, front.pid(),
                    () -> "read " + scan(dataSource(jdbcUrl, postgres, false)) / 1_000_000 + " MB", true));
            phases.add(measure("plain SQL scan (binary transfer)", events, options, front.pid(),
                    () -> "read " + scan(dataSource(jdbcUrl, postgres, true)) / 1_000_000 + " MB", true));

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            Phase replay = measure("replay (POST /admin/audit/replay until done)", events, options, front.pid(), () -> {
                JsonNode start = call(http, "POST", base + "/admin/audit/replay", token, 202);
                if (start.path("state").asText().equals("failed")) {
                    throw new IllegalStateException("replay failed to start: " + start);
                }
                while (true) {
                    Thread.sleep(100); // the replay's end is known to within 0.1 s
                    JsonNode progress = call(http, "GET", base + "/admin/audit/replay", token, 200);
                    switch (progress.path("state").asText()) {
                        case "done" -> {
                            return "events_processed " + progress.path("events_processed").asLong();
                        }
                        case "failed" -> throw new IllegalStateException("replay failed: " + progress);
                        default -> {
                        }
                    }
                }
            }, true);
            phases.add(replay);
            long rows = count(jdbc, "front.audit_event");
            String after = checksum(jdbc);
            out.printf("read model after the replay: %,d rows (%s), md5 over every row %s the one built on start%n", rows,
                    rows == events ? "as many as events" : "EXPECTED " + events,
                    after.equals(before) ? "equals" : "DIFFERS FROM");
            if (rows != events) {
                throw new IllegalStateException("the rebuilt read model has " + rows + " rows, not " + events);
            }

            Phase verify = measure("verify (GET /audit/api/verify, operator)", events, options, front.pid(), () -> {
                JsonNode report = call(http, "GET", base + "/audit/api/verify", token, 200);
                if (!report.path("ok").asBoolean() || report.path("events_checked").asLong() != events) {
                    throw new IllegalStateException("verify did not pass over every event: " + report);
                }
                return "ok, " + report.path("events_checked").asLong() + " events, "
                        + report.path("streams_checked").asLong() + " streams";
            }, true);
            phases.add(verify);

            // An auditor's export of all their tenant's history, streamed (JSON Lines): every event's
            // JSON values are read from its payload; the front's heap after the phase shows it was not held.
            String tenant = "tenant0";
            String auditor = operatorCommand(frontJar, env, List.of("tenants", "create", tenant, "--role", "auditor",
                    "--label", "audit-bench"));
            long tenantEvents = jdbc.queryForObject("SELECT count(*) FROM front.audit_event WHERE tenant_id = ?",
                    Long.class, tenant);
            phases.add(measure("verify of one tenant's streams (GET /audit/api/verify, auditor)", tenantEvents, options,
                    front.pid(), () -> {
                        JsonNode report = call(http, "GET", base + "/audit/api/verify", auditor, 200);
                        if (!report.path("ok").asBoolean() || report.path("events_checked").asLong() != tenantEvents) {
                            throw new IllegalStateException("verify did not pass over the tenant's events: " + report);
                        }
                        return "ok, " + report.path("events_checked").asLong() + " events, "
                                + report.path("streams_checked").asLong() + " streams";
                    }, true));
            phases.add(measure("export of one tenant's history (GET /audit/api/export?format=jsonl, auditor)",
                    tenantEvents, options, front.pid(), () -> {
                        long[] read = export(http, base + "/audit/api/export?format=jsonl", auditor);
                        if (read[0] != tenantEvents) {
                            throw new IllegalStateException("the export has " + read[0] + " lines, not " + tenantEvents);
                        }
                        return read[0] + " lines, " + read[1] / 1_000_000 + " MB";
                    }, true));

            out.println();
            out.println("| phase | events | seconds | events/s | load before → after | CPU, % of one core (200% = both) | front RSS MB | front heap after | note |");
            out.println("|---|---|---|---|---|---|---|---|---|");
            for (Phase p : phases) {
                out.printf("| %s | %,d | %.1f | %,.0f | %.2f → %.2f | %s | %d | %s | %s |%n", p.name(), p.events(), p.seconds(),
                        p.rate(), p.loadBefore(), p.loadAfter(), p.cpu(), p.frontRssMb(), p.frontHeap(), p.note());
            }
            double combined = events / (replay.seconds() + verify.seconds());
            out.printf("%nreplay + verify: %,d events in %.1f s = %,.0f events/s (target 50,000)%n", events,
                    replay.seconds() + verify.seconds(), combined);
        } finally {
            for (AutoCloseable part : started.reversed()) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("could not stop " + part + ": " + e.getMessage());
                }
            }
        }
    }

    private interface Work {
        String run() throws Exception;
    }

    private static Phase measure(String name, long events, Options options, long frontPid, Work work, boolean quiet)
            throws Exception {
        double loadBefore = quiet ? Machine.awaitQuiet(options.maxLoad(), options.maxWaitSeconds(), out) : ProcStat.loadAverage();
        out.printf("%s ...%n", name);
        long[] rss = {0};
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                rss[0] = Math.max(rss[0], ProcStat.rssKb(frontPid));
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Machine.Snapshot a = Machine.snapshot(frontPid);
        String note = work.run();
        double seconds = (System.nanoTime() - a.nanos()) / 1e9;
        // A closed connection's backend counts once PostgreSQL has reaped it: the CPU window ends a little later.
        Thread.sleep(300);
        Machine.Snapshot b = Machine.snapshot(frontPid);
        sampler.interrupt();
        Phase phase = new Phase(name, events, seconds, loadBefore, ProcStat.loadAverage(), Machine.share(a, b),
                rss[0] / 1024, heap(frontPid), note == null ? "" : note);
        out.printf("  %,d events in %.1f s = %,.0f events/s; %s%n", events, seconds, phase.rate(), phase.cpu());
        return phase;
    }

    /** Every column of every row, in global order, through a cursor: what any reader of the table must at least do. */
    private static long scan(DataSource dataSource) throws Exception {
        long bytes = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT global_index, aggregate_identifier, sequence_number, type, event_identifier, payload_type,
                      time_stamp, payload, meta_data FROM public.domain_event_entry ORDER BY global_index""")) {
                statement.setFetchSize(1000);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rs.getLong(1);
                        bytes += rs.getString(2).length() + 8 + rs.getString(4).length() + rs.getString(5).length()
                                + rs.getString(6).length() + rs.getString(7).length();
                        bytes += rs.getBytes(8).length + rs.getBytes(9).length;
                    }
                }
            }
            connection.commit();
        }
        return bytes;
    }

    private static String checksum(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT md5(string_agg(md5(a::text), '' ORDER BY global_index)) FROM front.audit_event a",
                String.class);
    }

    private static long count(JdbcTemplate jdbc, String table) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
        return n == null ? 0 : n;
    }

    private static String heap(long pid) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(java()).resolveSibling("jcmd").toString(), Long.toString(pid),
                    "GC.heap_info").redirectErrorStream(true).start();
            String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(20, TimeUnit.SECONDS);
            var m = java.util.regex.Pattern.compile("total (?:reserved )?(\\d+)K, (?:committed \\d+K, )?used (\\d+)K")
                    .matcher(text);
            return m.find() ? Long.parseLong(m.group(2)) / 1024 + " of " + Long.parseLong(m.group(1)) / 1024 + " MB" : "?";
        } catch (Exception e) {
            return "?";
        }
    }

    /** Streams an export and counts it as it comes, holding none of it: {lines, bytes}. */
    private static long[] export(HttpClient http, String url, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": " + response.statusCode());
        }
        long lines = 0, bytes = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream body = response.body()) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new long[] {lines, bytes};
    }

    private static JsonNode call(HttpClient http, String method, String url, String token, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
        }
        return JsonCodec.tree(response.body());
    }

    private static void migrate(Path root, DataSource dataSource) {
        Flyway.configure().dataSource(dataSource)
                .locations("filesystem:" + root.resolve("mutation-worker/src/main/resources/db/migration"))
                .table("flyway_history_worker").load().migrate();
        Flyway.configure().dataSource(dataSource)
                .locations("filesystem:" + root.resolve("mcp-front/src/main/resources/db/migration"))
                .schemas("front").defaultSchema("front").createSchemas(true)
                .table("flyway_history_front").load().migrate();
    }

    private static DataSource dataSource(String jdbcUrl, LocalPostgres postgres, boolean binary) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(postgres.username());
        ds.setPassword(postgres.password());
        if (binary) {
            ds.setProperty(PGProperty.PREPARE_THRESHOLD, "-1");
        }
        return ds;
    }

    private static void awaitLine(Process process, Path log, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(line))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("mcp-front did not start; see " + log);
            }
            Thread.sleep(200);
        }
    }

    private static String operatorCommand(Path frontJar, Map<String, String> environment, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", frontJar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] stdout = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("mcp-front " + String.join(" ", args) + " failed: " + err.strip());
        }
        return new String(stdout, StandardCharsets.UTF_8).strip();
    }

    private static String git(Path root) {
        try {
            Process git = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "--short", "HEAD").start();
            String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            Process dirty = new ProcessBuilder("git", "-C", root.toString(), "status", "--porcelain", "--",
                    "mcp-front/src/main", "shared-model/src/main").start();
            boolean changed = !new String(dirty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
            return head + (changed ? " (with uncommitted changes)" : "");
        } catch (Exception e) {
            return "?";
        }
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("mcp-front"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository (run.sh does)");
        }
        return dir;
    }

    private static Options parse(String[] args) {
        int events = 1_000_000;
        int stores = 50;
        int tenants = 10;
        int perStream = 10;
        double maxLoad = 1.5;
        long maxWait = 900;
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        Map<String, String> env = new LinkedHashMap<>();
        Path work = Path.of("infra/audit-bench/target/run");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
                case "--stores" -> stores = Integer.parseInt(args[++i]);
                case "--tenants" -> tenants = Integer.parseInt(args[++i]);
                case "--per-order" -> perStream = Integer.parseInt(args[++i]);
                case "--max-load" -> maxLoad = Double.parseDouble(args[++i]);
                case "--max-wait" -> maxWait = Long.parseLong(args[++i]);
                case "--front-jvm" -> jvm = List.of(args[++i].trim().split("\\s+"));
                case "--front-env" -> {
                    String[] kv = args[++i].split("=", 2);
                    env.put(kv[0], kv[1]);
                }
                case "--work" -> work = Path.of(args[++i]);
                case "--help" -> {
                    out.println("""
                            infra/audit-bench/run.sh [options]
                              --events N          events to generate (1000000)
                              --stores N          stores, one stream per order (50)
                              --tenants N         tenants the stores belong to (10)
                              --per-order N       events per order stream (10)
                              --max-load X        wait before each measurement until the 1-min load is below X (1.5)
                              --max-wait S        ... but at most S seconds, then measure anyway, marked (900)
                              --front-jvm "OPTS"  mcp-front's JVM options ("-Xmx512m"); e.g. add
                                                  -XX:StartFlightRecording=filename=front.jfr,settings=profile
                              --front-env K=V     an extra setting for mcp-front (repeatable), e.g. FRONT_AUDIT_BATCH_SIZE=2000
                              --work DIR          mcp-front's log and working folder (infra/audit-bench/target/run)""");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--help)");
            }
        }
        return new Options(events, stores, tenants, perStream, maxLoad, maxWait, jvm, env, work.toAbsolutePath());
    }
}
