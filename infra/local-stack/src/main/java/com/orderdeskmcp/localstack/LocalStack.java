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
    private final String operatorToken;
    private final String apiKey;
    private final String baseUrl;
    private final Map<String, String> frontEnvironment;
    private final Path frontJar;
    private final String mcpUrl;
    private final AppProcess front;
    private final AppProcess worker;

    private LocalStack(Options options, Infrastructure infra) throws Exception {
        try {
            sandbox = OrderDeskSandbox.start(SandboxOptions.defaults().withRateLimit(options.sandboxRateLimit()));
            started.add(sandbox);
            apiKey = randomToken();
            sandbox.addStore(STORE_ID, apiKey);
            sandbox.seedOrders(STORE_ID, options.demoOrders(), 42);

            int port = options.mcpPort() == 0 ? freePort() : options.mcpPort();
            baseUrl = "http://127.0.0.1:" + port;
            mcpUrl = baseUrl + "/mcp";
            // A fresh key-encryption key per run: the store registry's API keys are sealed with it.
            String vaultKeys = "local1:" + Base64.getEncoder().encodeToString(randomBytes(32));

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

            workerEnv.put("ORDERDESK_VAULT_KEYS", vaultKeys);

            Map<String, String> frontEnv = new HashMap<>(common);
            frontEnv.remove("ORDERDESK_STORES_0_API_KEY"); // the front reads the store registry, never configured keys
            frontEnv.remove("ORDERDESK_STORES_0_TENANT");
            frontEnv.remove("ORDERDESK_STORES_0_ID");
            frontEnv.put("SPRING_DATASOURCE_URL", infra.jdbcUrl());
            frontEnv.put("SPRING_DATASOURCE_USERNAME", infra.jdbcUsername());
            frontEnv.put("SPRING_DATASOURCE_PASSWORD", infra.jdbcPassword());
            frontEnv.put("ORDERDESK_VAULT_KEYS", vaultKeys);
            frontEnv.put("SERVER_PORT", Integer.toString(port));
            frontEnv.putAll(options.frontSettings());
            frontEnvironment = Map.copyOf(frontEnv);
            frontJar = options.repositoryRoot().resolve("mcp-front/target/mcp-front.jar");

            // The demo tenant and its store, through the operator commands an operator would use.
            token = operatorCommand(frontEnv, List.of("tenants", "create", TENANT, "--role", "agent", "--label", "demo"));
            Map<String, String> withKey = new HashMap<>(frontEnv);
            withKey.put("ORDERDESK_API_KEY", apiKey);
            operatorCommand(withKey, List.of("stores", "register", TENANT, STORE_ID, "--name", "demo"));
            operatorToken = operatorCommand(frontEnv, List.of("tenants", "create", "operators", "--role", "operator"));

            Path logs = options.workDirectory().resolve("logs");
            List<String> jvm = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
            worker = AppProcess.start("mutation-worker",
                    options.repositoryRoot().resolve("mutation-worker/target/mutation-worker.jar"), jvm, workerEnv,
                    logs.resolve("mutation-worker.log"), Pattern.compile("Started WorkerApplication"));
            started.add(worker);
            front = AppProcess.start("mcp-front", frontJar,
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

    /** The bearer token of the demo tenant (role agent); mcp-front holds only its hash. */
    public String token() {
        return token;
    }

    /** A token with the operator role (tenant {@code operators}), for the /admin endpoints. */
    public String operatorToken() {
        return operatorToken;
    }

    /** The demo store's OrderDesk API key (the sandbox's; sealed in the registry). */
    public String apiKey() {
        return apiKey;
    }

    /** The environment mcp-front runs with (database, Kafka, vault keys): for a second front, e.g. in stdio mode. */
    public Map<String, String> frontEnvironment() {
        return frontEnvironment;
    }

    public Path frontJar() {
        return frontJar;
    }

    /** {@code http://127.0.0.1:PORT}: the front's root, for /admin and /webhooks. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Runs {@code java -jar mcp-front.jar ARGS} with the front's environment plus {@code extra}
     * (e.g. an operator command, or {@code --stdio}); for tests.
     */
    public ProcessBuilder frontCommand(List<String> args, Map<String, String> extra) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", frontJar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(frontEnvironment);
        builder.environment().putAll(extra);
        return builder;
    }

    /** An operator command of mcp-front (see its OperatorCli); returns what it printed on stdout, trimmed. */
    private String operatorCommand(Map<String, String> environment, List<String> args) throws Exception {
        if (!Files.isRegularFile(frontJar)) {
            throw new IllegalStateException("mcp-front is not built: " + frontJar + " is missing (run ./mvnw -DskipTests package)");
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", frontJar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("mcp-front " + args.getFirst() + " " + args.get(1) + " failed: " + err.strip());
        }
        return new String(out, StandardCharsets.UTF_8).strip();
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

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
