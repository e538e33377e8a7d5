package com.orderdeskmcp.localstack;

import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The whole system on one machine, no Docker: the OrderDesk sandbox with demo stores, and mcp-front
 * and mutation-workers as processes of their own, on a Kafka broker and a PostgreSQL database it is
 * given. The end-to-end tests start exactly this, on infrastructure they bring; {@link LocalRun} (the
 * README's run command) brings embedded ones and keeps everything in a data folder.
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
     * @param workDirectory  the apps' logs go to its {@code logs} folder, one file per process
     * @param mcpPort        0 picks a free port
     * @param demoOrders     orders seeded into each demo store
     * @param workerSettings extra worker settings as environment variables, e.g. a shorter retry schedule
     * @param frontSettings  extra front settings as environment variables
     * @param workers        how many mutation-worker processes
     * @param stores         how many demo stores (ids 1001, 1002, ...; more if {@code secrets} knows more)
     * @param secrets        keys and tokens: fresh ones ({@link StackSecrets#inMemory()}) or a resumed run's
     */
    public record Options(Path repositoryRoot, Path workDirectory, int mcpPort, int demoOrders,
                          boolean sandboxRateLimit, Map<String, String> workerSettings,
                          Map<String, String> frontSettings, int workers, int stores, StackSecrets secrets) {

        public Options {
            if (workers < 1 || stores < 1) {
                throw new IllegalArgumentException("at least one worker and one store: " + workers + ", " + stores);
            }
        }

        /** One worker, one store, fresh keys and tokens. */
        public Options(Path repositoryRoot, Path workDirectory, int mcpPort, int demoOrders, boolean sandboxRateLimit,
                       Map<String, String> workerSettings, Map<String, String> frontSettings) {
            this(repositoryRoot, workDirectory, mcpPort, demoOrders, sandboxRateLimit, workerSettings, frontSettings,
                    1, 1, StackSecrets.inMemory());
        }
    }

    /** How the stack runs each app JVM (and add-worker and stdio one more): small and quick to start. */
    static final List<String> APP_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    static final Pattern WORKER_READY = Pattern.compile("Started WorkerApplication");

    private final List<AutoCloseable> started = new ArrayList<>();
    private final OrderDeskSandbox sandbox;
    private final String token;
    private final String operatorToken;
    private final String apiKey;
    private final List<StackSecrets.Store> stores = new ArrayList<>();
    private final String baseUrl;
    private final Map<String, String> frontEnvironment;
    private final Map<String, String> workerEnvironment;
    private final Path frontJar;
    private final Path workerJar;
    private final String mcpUrl;
    private final AppProcess front;
    private final List<AppProcess> workers = new ArrayList<>();

    private LocalStack(Options options, Infrastructure infra) throws Exception {
        try {
            StackSecrets secrets = options.secrets();
            sandbox = OrderDeskSandbox.start(SandboxOptions.defaults().withRateLimit(options.sandboxRateLimit()));
            started.add(sandbox);
            // The sandbox keeps orders in memory only: every start seeds each store the same way again.
            int storeCount = Math.max(options.stores(), secrets.stores().size());
            for (int n = 1; n <= storeCount; n++) {
                StackSecrets.Store store = secrets.store(n);
                sandbox.addStore(store.id(), store.apiKey());
                sandbox.seedOrders(store.id(), options.demoOrders(), 41 + n);
                stores.add(store);
            }
            apiKey = stores.getFirst().apiKey();

            int port = options.mcpPort() == 0 ? freePort() : options.mcpPort();
            baseUrl = "http://127.0.0.1:" + port;
            mcpUrl = baseUrl + "/mcp";
            // The store registry's API keys are sealed with it: a resumed run needs the same one.
            String vaultKeys = secrets.vaultKeys();

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
            workerEnvironment = Map.copyOf(workerEnv);

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
            workerJar = options.repositoryRoot().resolve("mutation-worker/target/mutation-worker.jar");

            // The demo tenant and its stores, through the operator commands an operator would use; a
            // resumed run has them already (the database keeps them, the secrets keep the tokens).
            token = tokenOf(secrets, TENANT, frontEnv, List.of("tenants", "create", TENANT, "--role", "agent", "--label", "demo"));
            for (StackSecrets.Store store : stores) {
                if (!store.registered()) {
                    Map<String, String> withKey = new HashMap<>(frontEnv);
                    withKey.put("ORDERDESK_API_KEY", store.apiKey());
                    try {
                        operatorCommand(withKey, List.of("stores", "register", TENANT, store.id(), "--name", store.name()));
                    } catch (IllegalStateException e) {
                        // A run killed between registering and noting it: the registry has it already.
                        if (!e.getMessage().contains("already registered")) {
                            throw e;
                        }
                    }
                    secrets.markRegistered(store.id());
                }
            }
            operatorToken = tokenOf(secrets, "operators", frontEnv, List.of("tenants", "create", "operators", "--role", "operator"));

            Path logs = options.workDirectory().resolve("logs");
            for (int n = 1; n <= options.workers(); n++) {
                Path log = logs.resolve("mutation-worker-" + n + ".log");
                DataFolder.rotate(log);
                AppProcess worker = AppProcess.start("mutation-worker-" + n, workerJar, APP_JVM, workerEnv, log, WORKER_READY);
                workers.add(worker);
                started.add(worker);
            }
            DataFolder.rotate(logs.resolve("mcp-front.log"));
            front = AppProcess.start("mcp-front", frontJar,
                    APP_JVM, frontEnv, logs.resolve("mcp-front.log"), Pattern.compile("Started FrontApplication"));
            started.add(front);
            for (AppProcess worker : workers) {
                worker.awaitReady(Duration.ofMinutes(2));
            }
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

    /** The demo stores registered for tenant {@code demo}, the first being {@link #STORE_ID}. */
    public List<StackSecrets.Store> stores() {
        return List.copyOf(stores);
    }

    /** The first demo store's OrderDesk API key (the sandbox's; sealed in the registry). */
    public String apiKey() {
        return apiKey;
    }

    /** The environment mcp-front runs with (database, Kafka, vault keys): for a second front, e.g. in stdio mode. */
    public Map<String, String> frontEnvironment() {
        return frontEnvironment;
    }

    /** The environment every worker runs with: for one more worker (add-worker). */
    public Map<String, String> workerEnvironment() {
        return workerEnvironment;
    }

    public Path workerJar() {
        return workerJar;
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

    /** The tenant's token from the secrets, else a new one by the operator command, remembered. */
    private String tokenOf(StackSecrets secrets, String tenant, Map<String, String> environment, List<String> create)
            throws Exception {
        Optional<String> known = secrets.token(tenant);
        if (known.isPresent()) {
            return known.get();
        }
        String issued = operatorCommand(environment, create);
        secrets.putToken(tenant, issued);
        return issued;
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

    /** The first worker. */
    public AppProcess worker() {
        return workers.getFirst();
    }

    public List<AppProcess> workers() {
        return List.copyOf(workers);
    }

    @Override
    public void close() {
        // The apps stop together (each gracefully, finishing what it runs), then the sandbox they call.
        AppProcess.closeAll(started.stream().filter(AppProcess.class::isInstance).map(AppProcess.class::cast).toList());
        for (AutoCloseable part : started.reversed()) {
            if (!(part instanceof AppProcess)) {
                stop(part);
            }
        }
        started.clear();
    }

    private static void stop(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            System.err.println("could not stop " + part + ": " + e.getMessage());
        }
    }

    /** The README's run command ({@code infra/run-local.sh}): see {@link LocalRun}. */
    public static void main(String[] args) throws Exception {
        LocalRun.main(args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
