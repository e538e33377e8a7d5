package com.orderdeskmcp.localstack;

import com.orderdeskmcp.infra.LocalKafka;
import com.orderdeskmcp.infra.LocalPostgres;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The whole system on one machine, no Docker: PostgreSQL (embedded, real binaries), a real Kafka
 * broker (KRaft), the OrderDesk sandbox with a demo store, and mcp-front and mutation-worker as
 * processes of their own. The end-to-end tests start exactly this, on infrastructure they bring.
 */
public final class LocalStack implements AutoCloseable {

    public static final String TENANT = "demo";
    public static final String STORE_ID = "1001";

    /** Where the apps find Kafka and PostgreSQL. */
    public record Infrastructure(String kafkaBootstrapServers, String jdbcUrl, String jdbcUsername,
                                 String jdbcPassword) {
    }

    /**
     * @param repositoryRoot where {@code mcp-front/target/mcp-front.jar} and the worker's jar are
     * @param mcpPort        0 picks a free port
     * @param workerSettings extra worker settings as environment variables, e.g. a shorter retry schedule
     * @param frontSettings  extra front settings as environment variables
     */
    public record Options(Path repositoryRoot, Path workDirectory, int mcpPort, int demoOrders,
                          boolean sandboxRateLimit, Map<String, String> workerSettings,
                          Map<String, String> frontSettings) {
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private final OrderDeskSandbox sandbox;
    private final String token;
    private final String mcpUrl;
    private final AppProcess front;
    private final AppProcess worker;

    private LocalStack(Options options, Infrastructure infra) throws Exception {
        try {
            sandbox = OrderDeskSandbox.start(SandboxOptions.defaults().withRateLimit(options.sandboxRateLimit()));
            started.add(sandbox);
            String apiKey = randomToken();
            sandbox.addStore(STORE_ID, apiKey);
            sandbox.seedOrders(STORE_ID, options.demoOrders(), 42);

            token = randomToken();
            int port = options.mcpPort() == 0 ? freePort() : options.mcpPort();
            mcpUrl = "http://127.0.0.1:" + port + "/mcp";

            Map<String, String> common = new HashMap<>();
            common.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
            common.put("ORDERDESK_BASE_URL", sandbox.baseUrl());
            common.put("ORDERDESK_STORES_0_TENANT", TENANT);
            common.put("ORDERDESK_STORES_0_ID", STORE_ID);
            common.put("ORDERDESK_STORES_0_API_KEY", apiKey);
            common.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");

            Map<String, String> workerEnv = new HashMap<>(common);
            workerEnv.put("SPRING_DATASOURCE_URL", infra.jdbcUrl());
            workerEnv.put("SPRING_DATASOURCE_USERNAME", infra.jdbcUsername());
            workerEnv.put("SPRING_DATASOURCE_PASSWORD", infra.jdbcPassword());
            workerEnv.putAll(options.workerSettings());

            Map<String, String> frontEnv = new HashMap<>(common);
            frontEnv.put("SERVER_PORT", Integer.toString(port));
            frontEnv.put("FRONT_TENANTS_0_TENANT", TENANT);
            frontEnv.put("FRONT_TENANTS_0_TOKEN_SHA256", sha256Hex(token));
            frontEnv.putAll(options.frontSettings());

            Path logs = options.workDirectory().resolve("logs");
            List<String> jvm = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
            worker = AppProcess.start("mutation-worker",
                    options.repositoryRoot().resolve("mutation-worker/target/mutation-worker.jar"), jvm, workerEnv,
                    logs.resolve("mutation-worker.log"), Pattern.compile("Started WorkerApplication"));
            started.add(worker);
            front = AppProcess.start("mcp-front", options.repositoryRoot().resolve("mcp-front/target/mcp-front.jar"),
                    jvm, frontEnv, logs.resolve("mcp-front.log"), Pattern.compile("Started FrontApplication"));
            started.add(front);
            worker.awaitReady(Duration.ofMinutes(2));
            front.awaitReady(Duration.ofMinutes(2));
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Starts the apps and the sandbox on infrastructure someone else runs (a test's, or containers). */
    public static LocalStack start(Options options, Infrastructure infra) throws Exception {
        return new LocalStack(options, infra);
    }

    public OrderDeskSandbox sandbox() {
        return sandbox;
    }

    public String mcpUrl() {
        return mcpUrl;
    }

    /** The bearer token of the demo tenant; only its hash was given to mcp-front. */
    public String token() {
        return token;
    }

    public AppProcess front() {
        return front;
    }

    public AppProcess worker() {
        return worker;
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

    /** The first README command: everything, on embedded defaults, until Ctrl-C. */
    public static void main(String[] args) throws Exception {
        int port = 8080;
        int orders = 40;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--orders" -> orders = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: local-stack [--port 8080] [--orders 40]");
                    System.exit(2);
                }
            }
        }
        Path root = Path.of("").toAbsolutePath();
        Path work = Files.createDirectories(root.resolve(".local"));
        System.out.println("Starting PostgreSQL, Kafka, the OrderDesk sandbox, mcp-front and mutation-worker...");
        LocalPostgres postgres = LocalPostgres.start();
        LocalKafka kafka = LocalKafka.start();
        String jdbcUrl = postgres.createDatabase("orderdesk");
        LocalStack stack;
        try {
            stack = start(new Options(root, work, port, orders, true, Map.of(), Map.of()),
                    new Infrastructure(kafka.bootstrapServers(), jdbcUrl, postgres.username(), postgres.password()));
        } catch (Exception e) {
            kafka.close();
            postgres.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping...");
            stack.close();
            kafka.close();
            postgres.close();
        }));
        System.out.println("OrderDesk sandbox: " + stack.sandbox().baseUrl() + " (store " + STORE_ID + ", "
                + orders + " demo orders)");
        System.out.println("Logs: " + work.resolve("logs"));
        System.out.println("MCP endpoint: " + stack.mcpUrl());
        System.out.println("MCP token: " + stack.token());
        System.out.println("Press Ctrl-C to stop.");
        Thread.currentThread().join();
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256Hex(String token) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
