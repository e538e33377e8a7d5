package com.orderdeskmcp.worker.commands;

import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.TopicSpec;
import com.orderdeskmcp.model.kafka.Topics;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    @Bean
    KafkaAdmin.NewTopics topics(@Value("${orderdesk.kafka.replication-factor:1}") short replicas) {
        return new KafkaAdmin.NewTopics(TopicSpec.newTopics(replicas));
    }

    /**
     * A command that cannot be decoded goes to the dead-letter topic at once (with the reason in
     * the headers) and its partition moves on. Anything else (database or Kafka down) is retried
     * with backoff for as long as it takes: the command is never skipped.
     */
    @Bean
    DefaultErrorHandler commandErrorHandler(KafkaTemplate<String, String> kafka) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, failure) -> new TopicPartition(Topics.COMMANDS_DEAD_LETTER, 0));
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        // Each failed try is logged with its cause: an operator must see why a partition is stuck.
        handler.setLogLevel(KafkaException.Level.WARN);
        handler.addNotRetryableExceptions(JsonCodec.JsonCodecException.class, IllegalArgumentException.class,
                NullPointerException.class);
        return handler;
    }
}
