package com.orderdeskmcp.frontbench;

import com.orderdeskmcp.infra.LocalKafka;
import com.orderdeskmcp.infra.LocalPostgres;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmark needs around mcp-front, started the way {@code LocalStack} does it (embedded
 * PostgreSQL, an in-process KRaft broker, the OrderDesk sandbox, tenant and store created through
 * mcp-front's operator CLI), but with mcp-front's JVM options under the benchmark's control
 * ({@code LocalStack} fixes them to {@code -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}).
 * No mutation-worker: the benchmark only reads.
 */
final class FrontStack implements AutoCloseable {

    static final String TENANT = "bench";
    static final String STORE_ID = "1001";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<String> orderIds;
    private final String token;
    private final String mcpUrl;
    private final int port;
    private final Process front;
    private final Path frontLog;

    FrontStack(Path repositoryRoot, Path workDirectory, int orders, List<String> frontJvmOptions,
               Map<String, String> frontSettings) throws Exception {
        try {
            LocalPostgres postgres = LocalPostgres.start();
            started.add(postgres);
            LocalKafka kafka = LocalKafka.start();
            started.add(kafka);
            String jdbcUrl = postgres.createDatabase("frontbench");

            // The sandbox without its rate limit: only the cache fill reaches it.
            OrderDeskSandbox sandbox = OrderDeskSandbox.start(SandboxOptions.defaults().withoutRateLimit());
            started.add(sandbox);
            String apiKey = randomToken();
            sandbox.addStore(STORE_ID, apiKey);
            orderIds = List.copyOf(sandbox.seedOrders(STORE_ID, orders, 42));

            port = freePort();
            mcpUrl = "http://127.0.0.1:" + port + "/mcp";
            Map<String, String> env = new HashMap<>();
            env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("ORDERDESK_BASE_URL", sandbox.baseUrl());
            env.put("SPRING_DATASOURCE_URL", jdbcUrl);
            env.put("SPRING_DATASOURCE_USERNAME", postgres.username());
            env.put("SPRING_DATASOURCE_PASSWORD", postgres.password());
            env.put("ORDERDESK_VAULT_KEYS", "bench1:" + Base64.getEncoder().encodeToString(randomBytes(32)));
            env.put("SERVER_PORT", Integer.toString(port));
            env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            // Cached reads are what is measured: entries must not expire during a run, and filling the
            // cache (one upstream read per order) must not wait on OrderDesk's budget of 2.9 reads/s.
            env.put("FRONT_CACHE_TTL", "2h");
            env.put("ORDERDESK_RATE_LIMIT_BURST", "1000");
            env.put("ORDERDESK_RATE_LIMIT_PER_SECOND", "1000");
            env.putAll(frontSettings);

            Path frontJar = repositoryRoot.resolve("mcp-front/target/mcp-front.jar");
            if (!Files.isRegularFile(frontJar)) {
                throw new IllegalStateException("mcp-front is not built: " + frontJar + " is missing (run ./mvnw -DskipTests package)");
            }
            token = operatorCommand(frontJar, env, List.of("tenants", "create", TENANT, "--role", "agent", "--label", "bench"));
            Map<String, String> withKey = new HashMap<>(env);
            withKey.put("ORDERDESK_API_KEY", apiKey);
            operatorCommand(frontJar, withKey, List.of("stores", "register", TENANT, STORE_ID, "--name", "bench"));

            Files.createDirectories(workDirectory);
            frontLog = workDirectory.resolve("mcp-front.log");
            List<String> command = new ArrayList<>();
            command.add(java());
            command.addAll(frontJvmOptions);
            command.add("-jar");
            command.add(frontJar.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(frontLog.toFile());
            builder.environment().putAll(env);
            front = builder.start();
            started.add(() -> {
                front.destroy();
                if (!front.waitFor(20, TimeUnit.SECONDS)) {
                    front.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            });
            awaitLine("Started FrontApplication", Duration.ofMinutes(3));
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    String mcpUrl() {
        return mcpUrl;
    }

    int port() {
        return port;
    }

    String token() {
        return token;
    }

    List<String> orderIds() {
        return orderIds;
    }

    long frontPid() {
        return front.pid();
    }

    Path frontLog() {
        return frontLog;
    }

    boolean frontAlive() {
        return front.isAlive();
    }

    private void awaitLine(String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Files.exists(frontLog) && Files.readString(frontLog, StandardCharsets.UTF_8).contains(line)) {
                return;
            }
            if (!front.isAlive()) {
                throw new IllegalStateException("mcp-front exited with " + front.exitValue() + " before it was ready; see " + frontLog);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("mcp-front was not ready within " + timeout + "; see " + frontLog);
            }
            Thread.sleep(200);
        }
    }

    /** One of mcp-front's operator commands; returns what it printed on stdout, trimmed. */
    private static String operatorCommand(Path frontJar, Map<String, String> environment, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", frontJar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("mcp-front " + String.join(" ", args.subList(0, 2)) + " failed: " + err.strip());
        }
        return new String(out, StandardCharsets.UTF_8).strip();
    }

    @Override
    public void close() {
        for (AutoCloseable part : started.reversed()) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("could not stop " + part + ": " + e.getMessage());
            }
        }
        started.clear();
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String randomToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
