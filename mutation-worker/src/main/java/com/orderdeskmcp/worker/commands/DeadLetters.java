package com.orderdeskmcp.worker.commands;

import com.orderdeskmcp.model.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A command that cannot be decoded is never dropped and never blocks its partition: it goes to the
 * dead-letter topic as it was, with the reason and its origin in headers, and is recorded.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<String, String> kafka;
    private final JdbcTemplate jdbc;

    DeadLetters(KafkaTemplate<String, String> kafka, JdbcTemplate jdbc) {
        this.kafka = kafka;
        this.jdbc = jdbc;
    }

    void send(ConsumerRecord<String, String> record, String reason) {
        ProducerRecord<String, String> letter = new ProducerRecord<>(Topics.COMMANDS_DEAD_LETTER, record.key(),
                record.value());
        letter.headers().add("dlt-reason", reason.getBytes(StandardCharsets.UTF_8));
        letter.headers().add("dlt-origin", (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        try {
            kafka.send(letter).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter " + record.topic() + "-" + record.partition()
                    + "@" + record.offset(), e);
        }
        jdbc.update("""
                INSERT INTO dead_lettered_command (topic, partition, "offset", record_key, reason)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (topic, partition, "offset") DO NOTHING""",
                record.topic(), record.partition(), record.offset(), record.key(), reason);
        log.warn("dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
    }
}
