package com.orderdeskmcp.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.infra.InfrastructureExtension;
import com.orderdeskmcp.infra.TestInfrastructure;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationCommand.AddOrderNote;
import com.orderdeskmcp.model.mutation.MutationCommand.CreateOrder;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker killed with SIGKILL in the middle of a stream of mutations, then a new worker started:
 * every accepted mutation ends in exactly one terminal event, OrderDesk ends up as if each order's
 * mutations had been applied once each in order, and no create or note happened twice.
 */
@ExtendWith(InfrastructureExtension.class)
class WorkerCrashTest {

    private static final String TENANT = "crash-tenant";
    private static final String STORE = "3001";
    private static final int ORDERS = 50;
    private static final int UPDATES_PER_ORDER = 14;
    private static final int NOTES_PER_ORDER = 6;
    private static final int CREATES = 20;

    @Test
    void aWorkerKilledMidStreamLosesAndDuplicatesNothing(TestInfrastructure infra) throws Exception {
        String jdbcUrl = infra.newDatabase("crash");
        String apiKey = "crash-key-" + UUID.randomUUID();
        Path root = Path.of(System.getProperty("orderdesk.repository-root", "../..")).toAbsolutePath().normalize();
        Path logs = Files.createDirectories(root.resolve("infra/local-stack/target/crash-test"));
        try (OrderDeskSandbox sandbox = OrderDeskSandbox.start(SandboxOptions.defaults().withoutRateLimit())) {
            sandbox.addStore(STORE, apiKey);
            List<String> orders = sandbox.seedOrders(STORE, ORDERS, 11);
            Map<String, String> env = new HashMap<>();
            env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
            env.put("SPRING_DATASOURCE_URL", jdbcUrl);
            env.put("SPRING_DATASOURCE_USERNAME", infra.jdbcUsername());
            env.put("SPRING_DATASOURCE_PASSWORD", infra.jdbcPassword());
            env.put("ORDERDESK_BASE_URL", sandbox.baseUrl());
            env.put("ORDERDESK_STORES_0_TENANT", TENANT);
            env.put("ORDERDESK_STORES_0_ID", STORE);
            env.put("ORDERDESK_STORES_0_API_KEY", apiKey);
            env.put("WORKER_RATE_LIMIT_BURST", "100000");
            env.put("WORKER_RATE_LIMIT_PER_SECOND", "100000");
            env.put("WORKER_RETRY_BACKOFF", "100ms,200ms,300ms,400ms,500ms");
            // The killed worker's group membership must expire quickly for the next one to take over.
            env.put("SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", "6000");
            env.put("SPRING_KAFKA_CONSUMER_PROPERTIES_HEARTBEAT_INTERVAL_MS", "1000");
            env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            Path jar = root.resolve("mutation-worker/target/mutation-worker.jar");
            List<String> jvm = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
            Pattern ready = Pattern.compile("Started WorkerApplication");

            // Accept every mutation first (as the front would), in a known order per order.
            List<MutationCommand> accepted = new ArrayList<>();
            Map<String, List<MutationCommand>> perOrder = new LinkedHashMap<>();
            for (int step = 0; step < UPDATES_PER_ORDER + NOTES_PER_ORDER; step++) {
                for (String orderId : orders) {
                    MutationCommand command = step % 10 < 7
                            ? new UpdateOrder(header(), orderId, (ObjectNode) JsonCodec.tree(
                            "{\"shipping_method\":\"m-" + step + "\",\"order_notes\":[{\"content\":\"n-" + step + "\"}]}"))
                            : new AddOrderNote(header(), orderId, "history-" + step, "API");
                    accepted.add(command);
                    perOrder.computeIfAbsent(orderId, id -> new ArrayList<>()).add(command);
                }
            }
            for (int i = 0; i < CREATES; i++) {
                accepted.add(new CreateOrder(header(), (ObjectNode) JsonCodec.tree("""
                        {"shipping":{"first_name":"Crash","last_name":"Test %d"},"order_items":[{"name":"Mug","code":"MUG","price":5}]}"""
                        .formatted(i))));
            }
            assertThat(accepted).hasSizeGreaterThanOrEqualTo(1000);

            AppProcess first = AppProcess.start("worker-1", jar, jvm, env, logs.resolve("worker-1.log"), ready);
            AppProcess second = null;
            try {
                first.awaitReady(Duration.ofMinutes(2));
                publish(infra.kafkaBootstrapServers(), accepted);

                await().atMost(Duration.ofMinutes(2)).until(() -> finished(jdbcUrl, infra) >= 150);
                first.kill(); // SIGKILL, mid-stream
                int finishedAtCrash = finished(jdbcUrl, infra);
                assertThat(finishedAtCrash).isLessThan(accepted.size());

                second = AppProcess.start("worker-2", jar, jvm, env, logs.resolve("worker-2.log"), ready);
                second.awaitReady(Duration.ofMinutes(2));
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                        .until(() -> finished(jdbcUrl, infra) == accepted.size());
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }

            Map<String, Integer> eventsPerMutation = terminalEvents(jdbcUrl, infra);
            for (MutationCommand command : accepted) {
                assertThat(eventsPerMutation.get(command.mutationId())).as(command.kind() + " " + command.mutationId())
                        .isEqualTo(1);
            }
            assertThat(eventsPerMutation).hasSize(accepted.size());
            assertThat(outcomes(jdbcUrl, infra)).as("every mutation applied").containsOnlyKeys(
                    "OrderMutated", "OrderNoteAdded", "OrderCreated");

            for (String orderId : orders) {
                List<MutationCommand> mine = perOrder.get(orderId);
                ObjectNode order = sandbox.order(STORE, orderId).orElseThrow();
                List<String> expectedNotes = new ArrayList<>();
                List<String> expectedHistory = new ArrayList<>();
                String lastMethod = null;
                for (MutationCommand command : mine) {
                    if (command instanceof UpdateOrder update) {
                        lastMethod = update.changes().path("shipping_method").asText();
                        expectedNotes.add(update.changes().at("/order_notes/0/content").asText());
                    } else {
                        expectedHistory.add(((AddOrderNote) command).note());
                    }
                }
                assertThat(order.path("shipping_method").asText()).as(orderId).isEqualTo(lastMethod);
                List<String> notes = new ArrayList<>();
                for (JsonNode note : order.path("order_notes")) {
                    if (note.path("content").asText().startsWith("n-")) {
                        notes.add(note.path("content").asText());
                    }
                }
                assertThat(notes).as("notes of " + orderId + " in order").containsExactlyElementsOf(expectedNotes);
                List<String> history = sandbox.orderHistory(STORE, orderId).stream()
                        .map(h -> h.path("note").asText()).filter(n -> n.startsWith("history-")).toList();
                assertThat(history).as("history of " + orderId + ", each once, in order")
                        .containsExactlyElementsOf(expectedHistory);
            }
            // The store's API key never leaves the worker: not in its logs, not in the audit log.
            assertThat(Files.readString(logs.resolve("worker-1.log"))).doesNotContain(apiKey);
            assertThat(Files.readString(logs.resolve("worker-2.log"))).doesNotContain(apiKey);
            int eventsWithKey = query(jdbcUrl, infra, "SELECT count(*) FROM domain_event_entry WHERE position('" + apiKey
                    + "' in convert_from(payload, 'UTF8')) > 0", rows -> rows.next() ? rows.getInt(1) : -1);
            assertThat(eventsWithKey).isZero();
            assertThat(createdOrdersByMarker(sandbox, apiKey)).hasSize(CREATES)
                    .allSatisfy((marker, count) -> assertThat(count).as("orders created by " + marker).isEqualTo(1));
        }
    }

    private static MutationHeader header() {
        return new MutationHeader(UUID.randomUUID().toString(), TENANT, STORE, null, "crash-test", Instant.now());
    }

    private static void publish(String bootstrap, List<MutationCommand> commands) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (MutationCommand command : commands) {
                producer.send(new ProducerRecord<>(Topics.COMMANDS, command.key().value(), JsonCodec.encode(command)));
            }
            producer.flush();
        }
    }

    private static int finished(String jdbcUrl, TestInfrastructure infra) throws Exception {
        return query(jdbcUrl, infra, "SELECT count(*) FROM processed_mutation", rows -> rows.next() ? rows.getInt(1) : 0);
    }

    private static Map<String, Integer> terminalEvents(String jdbcUrl, TestInfrastructure infra) throws Exception {
        return query(jdbcUrl, infra, """
                SELECT convert_from(payload, 'UTF8')::jsonb -> 'header' ->> 'mutationId', count(*)
                FROM domain_event_entry GROUP BY 1""", rows -> {
            Map<String, Integer> counts = new HashMap<>();
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
            return counts;
        });
    }

    private static Map<String, Integer> outcomes(String jdbcUrl, TestInfrastructure infra) throws Exception {
        return query(jdbcUrl, infra, "SELECT outcome, count(*) FROM processed_mutation GROUP BY 1", rows -> {
            Map<String, Integer> counts = new HashMap<>();
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
            return counts;
        });
    }

    /** Every order in the store that carries a worker's create mark, counted per marking mutation id. */
    private static Map<String, Integer> createdOrdersByMarker(OrderDeskSandbox sandbox, String apiKey) {
        OrderDeskClient client = new OrderDeskClient(sandbox.baseUrl(), Duration.ofSeconds(5), Duration.ofSeconds(30));
        ObjectNode page = client.searchOrders(new StoreCredentials(STORE, apiKey), Map.of("limit", "500"));
        assertThat(page.path("total_records").asInt()).isLessThanOrEqualTo(500);
        Map<String, Integer> byMarker = new HashMap<>();
        for (JsonNode order : page.path("orders")) {
            String marker = order.at("/order_metadata/orderdesk_mcp_mutation_id").asText("");
            if (!marker.isEmpty()) {
                byMarker.merge(marker, 1, Integer::sum);
            }
        }
        return byMarker;
    }

    @FunctionalInterface
    private interface Rows<T> {
        T read(ResultSet rows) throws Exception;
    }

    private static <T> T query(String jdbcUrl, TestInfrastructure infra, String sql, Rows<T> reader) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, infra.jdbcUsername(), infra.jdbcPassword());
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return reader.read(rows);
        }
    }
}
