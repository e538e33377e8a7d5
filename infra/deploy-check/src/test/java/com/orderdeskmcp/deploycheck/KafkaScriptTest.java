package com.orderdeskmcp.deploycheck;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/kafka/kafka.sh starts a real broker from Maven Central jars in its own process: ready when it says so,
 * topics with partitions, keyed records produced with acks=all and consumed in order by a group, data kept
 * across a restart, and a clean stop.
 */
class KafkaScriptTest {

    record Result(int exit, String output) {
    }

    private static Result script(Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", Repo.path("infra/kafka/kafka.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Repo.ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        Process process = builder.start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("kafka.sh " + String.join(" ", args) + " did not finish: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void startsABrokerThatTakesAndKeepsKeyedRecordsThenStops(@TempDir Path work) throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        Path dir = work.resolve("kafka");
        Path log = work.resolve("script.log");
        String where = dir.toString();
        String bootstrap = "127.0.0.1:" + port;
        try {
            Result started = script(log, "start", "--port", String.valueOf(port), "--controller-port",
                    String.valueOf(controllerPort), "--dir", dir.toString());
            assertThat(started.exit()).as(started.output()).isZero();
            assertThat(started.output()).contains("Kafka started: bootstrap " + bootstrap);
            assertThat(dir.resolve("kafka.pid")).isRegularFile();
            assertThat(script(log, "status", "--dir", dir.toString()).output()).startsWith("running");
            Result again = script(log, "start", "--port", String.valueOf(port), "--dir", dir.toString());
            assertThat(again.exit()).isZero();
            assertThat(again.output()).contains("already running");

            String topic = "orderdesk.mutation-commands.v1";
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(topic, 12, (short) 1))).all().get(30, TimeUnit.SECONDS);
                assertThat(admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                        .partitions()).hasSize(12);
            }
            produce(bootstrap, topic, 0, 200);
            Map<String, List<Integer>> byKey = consume(bootstrap, topic, "orderdesk-mutation-worker", 200);
            assertThat(byKey).hasSize(20);
            byKey.forEach((key, sequence) -> assertThat(sequence).as("records of %s in order", key).isSorted());

            // A restart keeps topics, records and the group's committed offsets.
            assertThat(script(log, "stop", "--dir", where).output()).contains("Kafka stopped");
            assertThat(script(log, "status", "--dir", where).exit()).isEqualTo(3);
            assertThat(listening(port)).isFalse();
            Result restarted = script(log, "start", "--port", String.valueOf(port), "--controller-port",
                    String.valueOf(controllerPort), "--dir", dir.toString());
            assertThat(restarted.exit()).as(restarted.output()).isZero();
            produce(bootstrap, topic, 200, 20);
            Map<String, List<Integer>> rest = consume(bootstrap, topic, "orderdesk-mutation-worker", 20);
            assertThat(rest.values().stream().mapToInt(List::size).sum()).as("only the records after the commit").isEqualTo(20);
            assertThat(rest.values()).allSatisfy(sequence -> assertThat(sequence).allMatch(n -> n >= 200));
        } finally {
            Result stopped = script(log, "stop", "--dir", where);
            assertThat(stopped.exit()).as(stopped.output()).isZero();
        }
        assertThat(dir.resolve("kafka.pid")).doesNotExist();
        assertThat(listening(port)).isFalse();
        assertThat(Files.readString(dir.resolve("logs/kafka.log"))).contains("Kafka Server started");
    }

    private static void produce(String bootstrap, String topic, int from, int count) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, "store-1/order-" + (i % 20), Integer.toString(i))).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, List<Integer>> consume(String bootstrap, String topic, String group, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, List<Integer>> byKey = new HashMap<>();
        int received = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(Integer.parseInt(record.value()));
                    received++;
                }
            }
            consumer.commitSync();
        }
        assertThat(received).as("records consumed").isEqualTo(expected);
        return byKey;
    }
}
