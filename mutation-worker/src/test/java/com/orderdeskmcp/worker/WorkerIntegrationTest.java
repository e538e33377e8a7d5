package com.orderdeskmcp.worker;

import com.orderdeskmcp.model.audit.HashChain;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.infra.InfrastructureExtension;
import com.orderdeskmcp.infra.TestInfrastructure;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.StreamKey;
import com.orderdeskmcp.model.kafka.TopicSpec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The worker as a Spring Boot app on a real Kafka broker and a real PostgreSQL, against the
 * OrderDesk sandbox over HTTP. Tests send commands to the command topic, as mcp-front does, and
 * read the outcomes from the event topic, as mcp-front does.
 */
@SpringBootTest(classes = WorkerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(InfrastructureExtension.class)
public abstract class WorkerIntegrationTest {

    protected static final String TENANT = "tenant-a";
    protected static final String STORE = "2001";
    protected static final List<Duration> BACKOFF = List.of(Duration.ofMillis(100), Duration.ofMillis(150),
            Duration.ofMillis(200), Duration.ofMillis(250), Duration.ofMillis(300));
    protected static final OrderDeskSandbox SANDBOX = OrderDeskSandbox.start(SandboxOptions.defaults().withoutRateLimit());
    protected static final String API_KEY = "sandbox-key-" + UUID.randomUUID();
    private static final Map<String, MutationEvent> OUTCOMES = new ConcurrentHashMap<>();
    private static KafkaProducer<String, String> producer;

    static {
        SANDBOX.addStore(STORE, API_KEY);
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infra = InfrastructureExtension.get();
        String database = infra.newDatabase("worker");
        registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrapServers);
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", infra::jdbcUsername);
        registry.add("spring.datasource.password", infra::jdbcPassword);
        registry.add("orderdesk.base-url", SANDBOX::baseUrl);
        registry.add("orderdesk.call-timeout", () -> "2s");
        registry.add("orderdesk.stores[0].tenant", () -> TENANT);
        registry.add("orderdesk.stores[0].id", () -> STORE);
        registry.add("orderdesk.stores[0].api-key", () -> API_KEY);
        registry.add("worker.retry-backoff", () -> String.join(",", BACKOFF.stream().map(d -> d.toMillis() + "ms").toList()));
        registry.add("worker.rate-limit-max-wait", () -> "3s");
        registry.add("orderdesk.rate-limit.burst", () -> "1000");
        registry.add("orderdesk.rate-limit.per-second", () -> "1000");
        startOutcomeReader(infra.kafkaBootstrapServers());
    }

    private static synchronized void startOutcomeReader(String bootstrap) {
        if (producer != null) {
            return;
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        Thread.ofPlatform().daemon().name("test-outcomes").start(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
                // Outcomes of every test of this JVM, whichever partition: follow the topic from its start.
                List<TopicPartition> partitions = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> !consumer.partitionsFor(Topics.EVENTS).isEmpty());
                consumer.partitionsFor(Topics.EVENTS).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (true) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        try {
                            MutationEvent event = JsonCodec.decode(record.value(), MutationEvent.class);
                            OUTCOMES.putIfAbsent(event.mutationId(), event);
                        } catch (RuntimeException e) {
                            System.err.println("test outcome reader could not decode " + record.value() + ": " + e);
                        }
                    }
                }
            }
        });
    }

    @BeforeEach
    void freshSandbox() {
        SANDBOX.reset();
    }

    protected static MutationHeader header() {
        return new MutationHeader(UUID.randomUUID().toString(), TENANT, STORE, null, "test", Instant.now());
    }

    protected static void send(MutationCommand command) {
        sendRaw(command.key().value(), JsonCodec.encode(command));
    }

    protected static void sendRaw(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static MutationEvent outcomeOf(MutationCommand command) {
        return outcomeOf(command.mutationId());
    }

    protected static MutationEvent outcomeOf(String mutationId) {
        // Awaitility waits its poll delay (100 ms) before the first look: not for outcomes already read.
        MutationEvent known = OUTCOMES.get(mutationId);
        if (known != null) {
            return known;
        }
        return await().atMost(Duration.ofSeconds(60)).until(() -> OUTCOMES.get(mutationId), e -> e != null);
    }

    /** Whether the outcome of this mutation has been read from the event topic yet (does not wait). */
    protected static boolean hasOutcome(MutationCommand command) {
        return OUTCOMES.containsKey(command.mutationId());
    }

    protected static MutationEvent run(MutationCommand command) {
        send(command);
        return outcomeOf(command);
    }

    /** The command partition of an order's mutations: Kafka's default partitioner on the record key. */
    protected static int commandPartition(String orderId) {
        return commandPartition(STORE, orderId);
    }

    protected static int commandPartition(String storeId, String orderId) {
        return TopicSpec.partitionFor(Topics.COMMANDS, StreamKey.order(storeId, orderId).value());
    }

    /**
     * Waits until the consumer group has settled with the worker of this client id holding command
     * partitions; returns them. (Test classes with their own settings run a worker of their own,
     * which shares the group with the other classes' worker when that one is still up.)
     */
    protected static Set<Integer> partitionsHeldBy(String group, String clientId) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                InfrastructureExtension.get().kafkaBootstrapServers()))) {
            return await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                        .get(group);
                if (description.groupState() != GroupState.STABLE) {
                    return Set.<Integer>of();
                }
                return description.members().stream().filter(m -> m.clientId().equals(clientId))
                        .flatMap(m -> m.assignment().topicPartitions().stream())
                        .filter(p -> p.topic().equals(Topics.COMMANDS)).map(TopicPartition::partition)
                        .collect(Collectors.toSet());
            }, held -> !held.isEmpty());
        }
    }

    /** New orders of {@link #STORE} whose commands go to partitions the worker of this client id holds. */
    protected static List<String> ordersHeldBy(String group, String clientId, int count) {
        Set<Integer> held = partitionsHeldBy(group, clientId);
        return Stream.generate(WorkerIntegrationTest::newOrder).filter(id -> held.contains(commandPartition(id)))
                .limit(count).toList();
    }

    /**
     * Waits until every command has its outcome; returns the most commands the worker held at once
     * meanwhile (taken from Kafka and not finished: its {@code orderdesk.commands.in_flight}, summed).
     */
    protected static int mostHeldUntilDone(MeterRegistry registry, List<? extends MutationCommand> commands) {
        AtomicInteger most = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
            int held = (int) registry.find("orderdesk.commands.in_flight").gauges().stream()
                    .mapToDouble(Gauge::value).sum();
            most.accumulateAndGet(held, Math::max);
            return commands.stream().allMatch(WorkerIntegrationTest::hasOutcome);
        });
        return most.get();
    }

    protected static ObjectNode order(String orderId) {
        return SANDBOX.order(STORE, orderId).orElseThrow();
    }

    protected static String newOrder() {
        return SANDBOX.seedOrders(STORE, 1, System.nanoTime()).getFirst();
    }

    protected static ObjectNode json(String text) {
        return (ObjectNode) JsonCodec.tree(text.replace('\'', '"'));
    }

    /** The stream as an auditor reads it: rows only, no application code but the documented formula. */
    protected static List<HashChain.Link> chain(JdbcTemplate jdbc, String stream) {
        return jdbc.query("""
                SELECT aggregate_identifier, sequence_number, payload, convert_from(meta_data, 'UTF8')
                FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number""",
                (rows, i) -> {
                    byte[] payload = rows.getBytes(3);
                    return new HashChain.Link(rows.getString(1), rows.getLong(2),
                            JsonCodec.tree(new String(payload, StandardCharsets.UTF_8)).path("type").asText(), payload,
                            JsonCodec.tree(rows.getString(4)).path("hash").asText());
                }, stream);
    }
}
