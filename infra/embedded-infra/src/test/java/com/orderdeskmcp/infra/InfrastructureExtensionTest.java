package com.orderdeskmcp.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfrastructureExtension.class)
class InfrastructureExtensionTest {

  private final TestInfrastructure infra;

  InfrastructureExtensionTest(TestInfrastructure infra) {
    this.infra = infra;
  }

  @Test
  void injectsTheSameInfrastructureAsTheStaticAccessor(TestInfrastructure parameter) {
    assertThat(parameter).isSameAs(infra).isSameAs(InfrastructureExtension.get());
  }

  @Test
  void producesWithAcksAllAndConsumesBack() throws Exception {
    String topic = "roundtrip-" + UUID.randomUUID();
    Map<String, Object> producerProps = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    RecordMetadata sent;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
      // The topic does not exist yet: auto.create.topics.enable creates it.
      sent = producer.send(new ProducerRecord<>(topic, "order-1", "{\"qty\":3}")).get(30, TimeUnit.SECONDS);
    }
    assertThat(sent.offset()).isZero();

    Map<String, Object> consumerProps = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        return !received.isEmpty();
      });
      consumer.commitSync();
    }
    assertThat(received).singleElement().satisfies(record -> {
      assertThat(record.key()).isEqualTo("order-1");
      assertThat(record.value()).isEqualTo("{\"qty\":3}");
    });
  }

  @Test
  void createsATableAndReadsItBackThroughTheJdbcUrl() throws SQLException {
    String url = infra.newDatabase("extension_table");
    try (Connection connection = DriverManager.getConnection(url, infra.jdbcUsername(), infra.jdbcPassword());
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE orders (id bigint PRIMARY KEY, item text NOT NULL)");
      statement.execute("INSERT INTO orders VALUES (1, 'widget'), (2, 'gadget')");
      try (ResultSet rs = statement.executeQuery("SELECT item FROM orders ORDER BY id")) {
        List<String> items = new ArrayList<>();
        while (rs.next()) {
          items.add(rs.getString(1));
        }
        assertThat(items).containsExactly("widget", "gadget");
      }
      try (ResultSet rs = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
        rs.next();
        assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(170000);
      }
    }
  }

  @Test
  void newDatabaseGivesIsolatedDatabases() throws SQLException {
    String first = infra.newDatabase("Isolation-Test");
    String second = infra.newDatabase("Isolation-Test");
    assertThat(first).isNotEqualTo(second).contains("/isolation_test_");

    try (Connection a = DriverManager.getConnection(first, infra.jdbcUsername(), infra.jdbcPassword());
         Statement s = a.createStatement()) {
      s.execute("CREATE TABLE only_in_first (x int)");
    }
    try (Connection b = DriverManager.getConnection(second, infra.jdbcUsername(), infra.jdbcPassword());
         Statement s = b.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM only_in_first"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("only_in_first");
      s.execute("CREATE TABLE only_in_first (y text)"); // no clash: a different database
    }
  }
}
