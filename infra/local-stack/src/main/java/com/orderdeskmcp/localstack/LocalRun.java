package com.orderdeskmcp.localstack;

import com.orderdeskmcp.infra.LocalKafka;
import com.orderdeskmcp.infra.LocalPostgres;
import sun.misc.Signal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code infra/run-local.sh}: the whole system on embedded defaults until Ctrl-C, its data kept in one
 * folder so that the next run resumes it (tenant, token, stores, event store, topics and offsets), and
 * {@code add-worker}, one more worker process for the running stack.
 */
final class LocalRun {

    static final String USAGE = """
            usage: infra/run-local.sh [--port 8080] [--orders 40] [--workers 1] [--stores 1] [--data .local-data] [--reset]
                   infra/run-local.sh add-worker [--data .local-data]
                   infra/run-local.sh stdio [--data .local-data]
              --port N     where mcp-front listens (0: a free port)
              --orders N   orders seeded into each demo store at every start
              --workers N  mutation-worker processes
              --stores N   demo stores of tenant demo (ids 1001, 1002, ...); a resumed folder keeps its stores
              --data DIR   everything of the run: PostgreSQL, Kafka, logs, keys and tokens; kept between runs
              --reset      wipe DIR first
              add-worker   one more mutation-worker for the stack running on DIR, until Ctrl-C
              stdio        MCP over stdin/stdout for the stack running on DIR, as tenant demo (for stdio clients)""";

    static final String DEFAULT_DATA = ".local-data";

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("add-worker")) {
            AddWorker.main(List.of(args).subList(1, args.length).toArray(String[]::new));
            return;
        }
        if (args.length > 0 && args[0].equals("stdio")) {
            StdioFront.main(List.of(args).subList(1, args.length).toArray(String[]::new));
            return;
        }
        int port = 8080;
        int orders = 40;
        int workers = 1;
        int stores = 1;
        Path dataDirectory = null;
        boolean reset = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--orders" -> orders = Integer.parseInt(value(args, ++i));
                    case "--workers" -> workers = Integer.parseInt(value(args, ++i));
                    case "--stores" -> stores = Integer.parseInt(value(args, ++i));
                    case "--data" -> dataDirectory = callerPath(Path.of(value(args, ++i)));
                    case "--reset" -> reset = true;
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (workers < 1 || stores < 1 || orders < 0 || port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--workers and --stores must be at least 1, --orders at least 0");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            run(port, orders, workers, stores, dataDirectory, reset);
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** @param dataDirectory null for {@value #DEFAULT_DATA} in the repository */
    private static void run(int port, int orders, int workers, int stores, Path dataDirectory, boolean reset)
            throws Exception {
        Path root = repositoryRoot();
        DataFolder data = DataFolder.open(dataDirectory == null ? root.resolve(DEFAULT_DATA) : dataDirectory, reset);
        // PostgreSQL and Kafka log here, not on the console: the launcher's own log file.
        System.setProperty("org.slf4j.simpleLogger.logFile", data.logs().resolve("local-stack.log").toString());
        System.setProperty("org.slf4j.simpleLogger.log.com.orderdeskmcp", "info");
        boolean resumed = data.hasDatabase();
        if (!resumed) {
            // Keys and tokens without the database they belong to would only mislead.
            Files.deleteIfExists(data.secrets());
        }
        AtomicReference<LocalPostgres> postgres = new AtomicReference<>();
        AtomicReference<LocalKafka> kafka = new AtomicReference<>();
        AtomicReference<LocalStack> stack = new AtomicReference<>();
        // Registered first: Ctrl-C (or SIGTERM) at any moment, even during the start, stops every child.
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            System.out.println("Stopping...");
            for (Path settings : List.of(data.stackEnvironment(), data.frontEnvironment())) {
                try {
                    Files.deleteIfExists(settings);
                } catch (Exception e) {
                    System.err.println("could not delete " + settings + ": " + e.getMessage());
                }
            }
            if (stack.get() != null) {
                stack.get().close();
            }
            AppProcess.closeAll(); // whatever a start that was cut short had already launched
            close(kafka.get());
            close(postgres.get());
            data.close();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "local-stack-shutdown"));
        // The JVM runs its shutdown hooks all at once, and the embedded PostgreSQL has one of its own: on
        // a signal it would stop the database while the worker still records what it finishes. So the
        // signals stop everything here, in order (apps, Kafka, PostgreSQL), before the JVM exits.
        for (String name : List.of("INT", "TERM")) {
            Signal signal = new Signal(name);
            Signal.handle(signal, received -> {
                stop.run();
                System.exit(128 + received.getNumber());
            });
        }

        System.out.println((resumed ? "Resuming" : "Starting") + " the local stack in " + data.root() + ": PostgreSQL, Kafka, "
                + "the OrderDesk sandbox, mcp-front and " + workers + " mutation-worker" + (workers == 1 ? "" : "s") + "...");
        postgres.set(LocalPostgres.start(0, data.postgres()));
        kafka.set(LocalKafka.start(0, data.kafka()));
        String jdbcUrl = postgres.get().createDatabase("orderdesk");
        StackSecrets secrets = StackSecrets.in(data.secrets());
        DataFolder.writePrivate(data.vaultKeyFile(), secrets.vaultKeys() + "\n");
        stack.set(LocalStack.start(
                new LocalStack.Options(root, data.root(), port, orders, true, Map.of(), Map.of(), workers, stores, secrets),
                new LocalStack.Infrastructure(kafka.get().bootstrapServers(), jdbcUrl, postgres.get().username(),
                        postgres.get().password())));
        LocalStack running = stack.get();

        // What add-worker needs, for this run only: the workers' settings, the key by file, never on the console.
        Map<String, String> environment = withKeyFile(running.workerEnvironment(), data);
        environment.put(AddWorker.STACK_PID, Long.toString(ProcessHandle.current().pid()));
        environment.put(AddWorker.STACK_WORKERS, Integer.toString(workers));
        environment.put(AddWorker.STACK_WORKER_JAR, running.workerJar().toString());
        environment.put(AddWorker.STACK_MCP_URL, running.mcpUrl());
        DataFolder.writeEnvironment(data.stackEnvironment(), environment);
        // What a stdio client's own front needs (stdio): the front's settings, no ports of its own.
        Map<String, String> front = withKeyFile(running.frontEnvironment(), data);
        front.put("SERVER_PORT", "0");
        front.put("MANAGEMENT_SERVER_PORT", "0");
        front.put(StdioFront.FRONT_JAR, running.frontJar().toString());
        DataFolder.writeEnvironment(data.frontEnvironment(), front);
        List<ProcessHandle> apps = new ArrayList<>();
        running.workers().forEach(worker -> apps.add(ProcessHandle.of(worker.pid()).orElseThrow()));
        apps.add(ProcessHandle.of(running.front().pid()).orElseThrow());
        data.recordProcesses(apps);

        String dataArgument = dataDirectory == null ? "" : " --data " + data.root();
        System.out.println("OrderDesk sandbox: " + running.sandbox().baseUrl() + " (stores "
                + String.join(", ", running.stores().stream().map(StackSecrets.Store::id).toList()) + ", " + orders
                + " demo orders each, seeded afresh at every start)");
        System.out.println("Data: " + data.root() + (resumed ? " (resumed)" : " (new)") + "; --reset starts afresh");
        System.out.println("Logs: " + data.logs() + " (mcp-front.log, mutation-worker-1.log"
                + (workers > 1 ? " ... mutation-worker-" + workers + ".log" : "") + ", local-stack.log)");
        System.out.println("Add a worker: infra/run-local.sh add-worker" + dataArgument);
        System.out.println("stdio clients: command infra/run-local.sh, args [\"stdio\"" + (dataDirectory == null ? ""
                : ", \"--data\", \"" + data.root() + "\"") + "]");
        System.out.println("MCP endpoint: " + running.mcpUrl());
        System.out.println("MCP token: " + running.token());
        System.out.println("Press Ctrl-C to stop.");
        Thread.currentThread().join();
    }

    /**
     * Where the apps' jars are: {@code -Dorderdesk.repository-root}, else the checkout that
     * {@code infra/local-stack/target/local-stack.jar} (run with {@code -jar}) lies in, else the working directory.
     */
    static Path repositoryRoot() {
        String configured = System.getProperty("orderdesk.repository-root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path jar = Path.of(System.getProperty("java.class.path", "")).toAbsolutePath().normalize();
        if (jar.endsWith(Path.of("infra", "local-stack", "target", "local-stack.jar"))) {
            return jar.getParent().getParent().getParent().getParent();
        }
        return Path.of("").toAbsolutePath();
    }

    /** A path as the user meant it: relative to where they ran run-local.sh, which changes directory. */
    static Path callerPath(Path path) {
        String caller = System.getenv("LOCAL_STACK_CALLER_DIR");
        Path base = caller == null || caller.isBlank() ? Path.of("") : Path.of(caller);
        return base.toAbsolutePath().resolve(path).normalize();
    }

    /** An app's settings with the key-encryption key as the folder's key file instead of its value. */
    private static Map<String, String> withKeyFile(Map<String, String> settings, DataFolder data) {
        Map<String, String> environment = new HashMap<>(settings);
        environment.remove("ORDERDESK_VAULT_KEYS");
        environment.put("ORDERDESK_VAULT_KEY_FILE", data.vaultKeyFile().toString());
        return environment;
    }

    /**
     * The data folder of a subcommand that takes only {@code --data DIR} (add-worker, stdio): DIR, else
     * the default folder. Anything else: the usage on stderr (stdout may be a protocol's) and exit 2.
     */
    static Path dataFolder(String[] args) {
        Path data = null;
        try {
            for (int i = 0; i < args.length; i++) {
                if (!args[i].equals("--data")) {
                    throw new IllegalArgumentException("unknown option " + args[i]);
                }
                data = callerPath(Path.of(value(args, ++i)));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
        return data != null ? data : repositoryRoot().resolve(DEFAULT_DATA);
    }

    static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void close(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            System.err.println("could not stop " + part + ": " + e.getMessage());
        }
    }
}
