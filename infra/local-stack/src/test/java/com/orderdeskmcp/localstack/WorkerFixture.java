package com.orderdeskmcp.localstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.infra.TestInfrastructure;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationHeader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Worker processes on test infrastructure, the commands sent to them, and what they recorded. */
final class WorkerFixture {

    static final List<String> JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    static final Pattern READY = Pattern.compile("Started WorkerApplication");

    final TestInfrastructure infra;
    final String jdbcUrl;
    final String tenant;
    final String store;
    final Path jar;
    final Path logs;
    final Map<String, String> environment = new HashMap<>();

    WorkerFixture(TestInfrastructure infra, String name, String tenant, String store, String apiKey, String sandboxUrl)
            throws Exception {
        this.infra = infra;
        this.jdbcUrl = infra.newDatabase(name);
        this.tenant = tenant;
        this.store = store;
        Path root = Path.of(System.getProperty("orderdesk.repository-root", "../..")).toAbsolutePath().normalize();
        this.jar = root.resolve("mutation-worker/target/mutation-worker.jar");
        this.logs = Files.createDirectories(root.resolve("infra/local-stack/target/" + name));
        environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        environment.put("SPRING_DATASOURCE_URL", jdbcUrl);
        environment.put("SPRING_DATASOURCE_USERNAME", infra.jdbcUsername());
        environment.put("SPRING_DATASOURCE_PASSWORD", infra.jdbcPassword());
        environment.put("ORDERDESK_BASE_URL", sandboxUrl);
        environment.put("ORDERDESK_STORES_0_TENANT", tenant);
        environment.put("ORDERDESK_STORES_0_ID", store);
        environment.put("ORDERDESK_STORES_0_API_KEY", apiKey);
        environment.put("ORDERDESK_RATE_LIMIT_BURST", "100000");
        environment.put("ORDERDESK_RATE_LIMIT_PER_SECOND", "100000");
        environment.put("WORKER_RETRY_BACKOFF", "100ms,200ms,300ms,400ms,500ms");
        // A crashed worker's group membership must expire quickly for another to take over.
        environment.put("SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", "6000");
        environment.put("SPRING_KAFKA_CONSUMER_PROPERTIES_HEARTBEAT_INTERVAL_MS", "1000");
        environment.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
    }

    AppProcess start(String name) throws Exception {
        return start(name, Map.of());
    }

    AppProcess start(String name, Map<String, String> moreEnvironment) throws Exception {
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(moreEnvironment);
        AppProcess worker = AppProcess.start(name, jar, JVM, env, logs.resolve(name + ".log"), READY);
        worker.awaitReady(java.time.Duration.ofMinutes(2));
        return worker;
    }

    /** The port the worker's actuator listens on (it picks a free one in tests). */
    static int managementPort(AppProcess worker) throws Exception {
        Matcher port = Pattern.compile("Tomcat started on port (\\d+)").matcher(Files.readString(worker.logFile()));
        if (!port.find()) {
            throw new IllegalStateException("no port in " + worker.logFile());
        }
        return Integer.parseInt(port.group(1));
    }

    MutationHeader header() {
        return new MutationHeader(UUID.randomUUID().toString(), tenant, store, null, "test", Instant.now());
    }

    /**
     * A stream of mutations per order, in the order they are to be applied: mostly updates (a new
     * shipping method and a note each), some history notes (non-idempotent upstream).
     */
    Map<String, List<MutationCommand>> stream(List<String> orders, int steps) {
        Map<String, List<MutationCommand>> perOrder = new LinkedHashMap<>();
        for (String orderId : orders) {
            List<MutationCommand> mine = new ArrayList<>();
            for (int step = 0; step < steps; step++) {
                mine.add(step % 10 < 7
                        ? new MutationCommand.UpdateOrder(header(), orderId, (ObjectNode) JsonCodec.tree(
                        "{\"shipping_method\":\"m-" + step + "\",\"order_notes\":[{\"content\":\"n-" + step + "\"}]}"))
                        : new MutationCommand.AddOrderNote(header(), orderId, "history-" + step, "API"));
            }
            perOrder.put(orderId, mine);
        }
        return perOrder;
    }

    /** Step 0 of every order, then step 1 of every order, ...: how a busy front would accept them. */
    static List<MutationCommand> interleaved(Map<String, List<MutationCommand>> perOrder) {
        List<MutationCommand> all = new ArrayList<>();
        int steps = perOrder.values().stream().mapToInt(List::size).max().orElse(0);
        for (int step = 0; step < steps; step++) {
            for (List<MutationCommand> mine : perOrder.values()) {
                if (step < mine.size()) {
                    all.add(mine.get(step));
                }
            }
        }
        return all;
    }

    void publish(List<? extends MutationCommand> commands) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (MutationCommand command : commands) {
                producer.send(new ProducerRecord<>(Topics.COMMANDS, command.key().value(), JsonCodec.encode(command)));
            }
            producer.flush();
        }
    }

    int finished() throws Exception {
        return query("SELECT count(*) FROM processed_mutation", rows -> rows.next() ? rows.getInt(1) : 0);
    }

    /** Terminal events in the event store, counted per mutation id. */
    Map<String, Integer> terminalEvents() throws Exception {
        return counts("""
                SELECT convert_from(payload, 'UTF8')::jsonb -> 'header' ->> 'mutationId', count(*)
                FROM domain_event_entry GROUP BY 1""");
    }

    Map<String, Integer> outcomes() throws Exception {
        return counts("SELECT outcome, count(*) FROM processed_mutation GROUP BY 1");
    }

    private Map<String, Integer> counts(String sql) throws Exception {
        return query(sql, rows -> {
            Map<String, Integer> counts = new HashMap<>();
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
            return counts;
        });
    }

    @FunctionalInterface
    interface Rows<T> {
        T read(ResultSet rows) throws Exception;
    }

    <T> T query(String sql, Rows<T> reader) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, infra.jdbcUsername(), infra.jdbcPassword());
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return reader.read(rows);
        }
    }
}
