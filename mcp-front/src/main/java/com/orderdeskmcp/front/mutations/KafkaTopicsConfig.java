package com.orderdeskmcp.front.mutations;

import com.orderdeskmcp.model.health.KafkaHealthIndicator;
import com.orderdeskmcp.model.kafka.TopicSpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfig {

    /** The front may start before any worker: it creates the topics it needs too. */
    @Bean
    KafkaAdmin.NewTopics topics(@Value("${orderdesk.kafka.replication-factor:1}") short replicas) {
        return new KafkaAdmin.NewTopics(TopicSpec.newTopics(replicas));
    }

    /** Named {@code kafka}: the readiness group includes it by that name. */
    @Bean
    KafkaHealthIndicator kafka(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin);
    }
}
