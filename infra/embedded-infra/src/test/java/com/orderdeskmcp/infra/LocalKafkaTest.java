package com.orderdeskmcp.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {

  @Test
  void startsOnAGivenPortCreatesTopicsIdempotentlyAndStopsCleanly() throws Exception {
    Set<Long> threadsBefore = liveNonDaemonThreadIds();
    int port = freePort();

    LocalKafka kafka = LocalKafka.start(port);
    try {
      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      kafka.createTopic("orders", 3);
      kafka.createTopic("orders", 3); // idempotent
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        TopicDescription orders = admin.describeTopics(List.of("orders")).allTopicNames()
            .get(10, TimeUnit.SECONDS).get("orders");
        assertThat(orders.partitions()).hasSize(3)
            .allSatisfy(p -> assertThat(p.leader()).isNotNull());
        Map<String, String> config = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream()
            .collect(Collectors.toMap(n -> "node", n -> n.host() + ":" + n.port()));
        assertThat(config).containsEntry("node", "127.0.0.1:" + port);
      }
    } finally {
      kafka.close();
      kafka.close(); // idempotent
    }

    assertThat(portIsFree(port)).isTrue();
    await().atMost(Duration.ofSeconds(10)).pollInSameThread().untilAsserted(() ->
        assertThat(newNonDaemonThreads(threadsBefore)).as("non-daemon threads left by the broker").isEmpty());
  }

  @Test
  void keepsTopicsRecordsAndOffsetsInAGivenDirectoryAcrossRestart(@TempDir Path logDir) throws Exception {
    String group = "kept-group";
    try (LocalKafka first = LocalKafka.start(0, logDir)) {
      first.createTopic("kept", 2);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(first))) {
        producer.send(new ProducerRecord<>("kept", "k", "first")).get(30, TimeUnit.SECONDS);
      }
      assertThat(consumeOne(first, group).value()).isEqualTo("first");
    }
    assertThat(logDir.resolve("meta.properties")).exists();

    try (LocalKafka second = LocalKafka.start(0, logDir)) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains("kept");
      }
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(second))) {
        producer.send(new ProducerRecord<>("kept", "k", "second")).get(30, TimeUnit.SECONDS);
      }
      // The group's committed offset survived: it reads only the new record.
      assertThat(consumeOne(second, group).value()).isEqualTo("second");
    }
  }

  private static Map<String, Object> producerProps(LocalKafka kafka) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
  }

  private static ConsumerRecord<String, String> consumeOne(LocalKafka kafka, String group) {
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
      consumer.subscribe(List.of("kept"));
      await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        return !received.isEmpty();
      });
      consumer.commitSync();
    }
    assertThat(received).hasSize(1);
    return received.getFirst();
  }

  @Test
  void twoBrokersOnRandomPortsAreIndependent() {
    try (LocalKafka a = LocalKafka.start(); LocalKafka b = LocalKafka.start()) {
      assertThat(a.bootstrapServers()).startsWith("127.0.0.1:").isNotEqualTo(b.bootstrapServers());
      a.createTopic("only-on-a", 1);
    }
  }

  private static Set<Long> liveNonDaemonThreadIds() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .map(Thread::threadId)
        .collect(Collectors.toSet());
  }

  private static List<String> newNonDaemonThreads(Set<Long> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t.threadId()))
        .map(Thread::getName)
        .toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static boolean portIsFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
