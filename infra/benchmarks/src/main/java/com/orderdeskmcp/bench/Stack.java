package com.orderdeskmcp.bench;

import com.orderdeskmcp.infra.LocalKafka;
import com.orderdeskmcp.infra.LocalPostgres;
import com.orderdeskmcp.infra.ProcStat;
import com.orderdeskmcp.model.kafka.TopicSpec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Everything one benchmark runs on, fresh: a Kafka broker (so no earlier command is ever
 * redelivered), a database of its own on the shared PostgreSQL server, an OrderDesk sandbox, the
 * command producer, the outcome reader, and the worker processes it starts.
 */
final class Stack implements AutoCloseable {

    static final String TENANT = "bench";
    static final String GROUP = "orderdesk-mutation-worker";

    /** What all benchmarks of one run share. */
    record Shared(LocalPostgres postgres, Path workerJar, Path runDirectory, List<String> workerJvmExtra,
                  boolean profile) {
    }

    /** A store the workers know, with its API key. */
    record Store(String id, String apiKey) {
    }

    private final Shared shared;
    private final String name;
    private final LocalKafka kafka;
    private final String jdbcUrl;
    private final OrderDeskSandbox sandbox;
    private final List<Store> stores = new ArrayList<>();
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Commands commands;
    private Outcomes outcomes;
    private HikariDataSource dataSource;

    Stack(Shared shared, String name, SandboxOptions sandboxOptions) {
        this.shared = shared;
        this.name = name;
        this.kafka = LocalKafka.start();
        this.jdbcUrl = shared.postgres().createDatabase(name.replace('-', '_') + "_" + System.currentTimeMillis());
        this.sandbox = OrderDeskSandbox.start(sandboxOptions);
        for (var spec : TopicSpec.ALL) {
            kafka.createTopic(spec.name(), spec.partitions());
        }
    }

    Store addStore(String id) {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        Store store = new Store(id, Base64.getUrlEncoder().withoutPadding().encodeToString(key));
        sandbox.addStore(store.id(), store.apiKey());
        stores.add(store);
        return store;
    }

    OrderDeskSandbox sandbox() {
        return sandbox;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    synchronized Commands commands() {
        if (commands == null) {
            commands = new Commands(kafka.bootstrapServers());
        }
        return commands;
    }

    synchronized Outcomes outcomes() throws InterruptedException {
        if (outcomes == null) {
            outcomes = new Outcomes(kafka.bootstrapServers());
        }
        return outcomes;
    }

    /** A small pool on the benchmark's database, e.g. for a reader that shares the workers' rate limit. */
    synchronized HikariDataSource dataSource() {
        if (dataSource == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(shared.postgres().username());
            config.setPassword(shared.postgres().password());
            config.setMaximumPoolSize(4);
            config.setPoolName("bench-" + name);
            dataSource = new HikariDataSource(config);
        }
        return dataSource;
    }

    /**
     * Starts a worker process on this stack.
     *
     * @param jvm      JVM options (heap...)
     * @param settings worker settings as environment variables, e.g. {@code WORKER_MAX_IN_FLIGHT}
     */
    WorkerProcess startWorker(String workerName, List<String> jvm, Map<String, String> settings)
            throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SPRING_DATASOURCE_URL", jdbcUrl);
        env.put("SPRING_DATASOURCE_USERNAME", shared.postgres().username());
        env.put("SPRING_DATASOURCE_PASSWORD", shared.postgres().password());
        env.put("ORDERDESK_BASE_URL", sandbox.baseUrl());
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        for (int i = 0; i < stores.size(); i++) {
            env.put("ORDERDESK_STORES_" + i + "_TENANT", TENANT);
            env.put("ORDERDESK_STORES_" + i + "_ID", stores.get(i).id());
            env.put("ORDERDESK_STORES_" + i + "_API_KEY", stores.get(i).apiKey());
        }
        env.putAll(settings);
        List<String> options = new ArrayList<>(jvm);
        options.addAll(shared.workerJvmExtra());
        if (shared.profile()) {
            options.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + shared.runDirectory().resolve(name + "-" + workerName + ".jfr"));
        }
        WorkerProcess worker = WorkerProcess.start(workerName, shared.workerJar(), options, env,
                shared.runDirectory().resolve(name + "-" + workerName + ".log"));
        workers.add(worker);
        worker.awaitReady(Duration.ofMinutes(3));
        return worker;
    }

    /** Waits until the consumer group is stable with {@code members} members that share all command partitions. */
    void awaitGroup(int members, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int partitions = TopicSpec.partitionsOf(Topics.COMMANDS);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            String last = "";
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription group;
                try {
                    group = admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                    last = "no group yet";
                    Thread.sleep(200);
                    continue;
                }
                int assigned = group.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
                boolean everyoneHasWork = group.members().stream()
                        .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                last = group.groupState() + ", " + group.members().size() + " member(s), " + assigned + " partitions";
                if (group.members().size() == members && assigned == partitions && everyoneHasWork
                        && group.groupState() == GroupState.STABLE) {
                    // The members' own view catches up with the coordinator's within a poll.
                    Thread.sleep(1_000);
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("consumer group did not settle on " + members + " member(s): " + last);
        }
    }

    /** Which member of the worker group holds each command partition now. */
    Map<Integer, String> commandPartitionOwners() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all()
                    .get(10, TimeUnit.SECONDS).get(GROUP);
            Map<Integer, String> owners = new HashMap<>();
            group.members().forEach(m -> m.assignment().topicPartitions().stream()
                    .filter(p -> p.topic().equals(Topics.COMMANDS))
                    .forEach(p -> owners.put(p.partition(), m.consumerId())));
            return owners;
        }
    }

    /** The groups of {@link #cpuGroups()}. */
    static final String WORKER = "worker";
    static final String POSTGRES = "postgres";
    static final String BENCH_JVM = "bench JVM (sandbox, Kafka, clients)";

    /** Processes of this benchmark by group, for CPU accounting. */
    Map<String, Supplier<List<Machine.ProcessCpu>>> cpuGroups() {
        long postmaster = postmasterPid();
        Map<String, Supplier<List<Machine.ProcessCpu>>> groups = new LinkedHashMap<>();
        groups.put(WORKER, () -> workers.stream().filter(WorkerProcess::isAlive)
                .map(w -> new Machine.ProcessCpu(w.pid(), false)).toList());
        groups.put(POSTGRES, () -> postmaster > 0 ? Machine.withChildren(postmaster) : List.of());
        groups.put(BENCH_JVM, () -> List.of(new Machine.ProcessCpu(ProcessHandle.current().pid(), false)));
        return groups;
    }

    private long postmasterPid() {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return ProcStat.parentOf(rs.getLong(1));
        } catch (Exception e) {
            return -1;
        }
    }

    List<WorkerProcess> workers() {
        return workers;
    }

    void register(AutoCloseable closeable) {
        closeables.add(closeable);
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(closeables.reversed());
        all.addAll(workers.reversed());
        if (outcomes != null) {
            all.add(outcomes);
        }
        if (commands != null) {
            all.add(commands);
        }
        if (dataSource != null) {
            all.add(dataSource);
        }
        all.add(sandbox);
        all.add(kafka);
        for (AutoCloseable part : all) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("could not stop " + part + ": " + e);
            }
        }
    }

    /** Stops workers fast (benchmarks are over; nothing to hand back cleanly). */
    void killWorkers() throws InterruptedException {
        for (WorkerProcess worker : workers) {
            if (shared.profile()) {
                worker.close(); // a JFR recording is written on a normal exit only
            } else {
                worker.kill();
            }
        }
    }
}
