package com.orderdeskmcp.front.mutations;

import com.orderdeskmcp.front.reads.ReadCache;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.CacheInvalidation;
import com.orderdeskmcp.model.mutation.MutationEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every front instance reads every outcome and invalidation, so it takes all partitions itself
 * (no consumer group: nothing to rebalance, nothing to commit) starting at the end. It is in
 * position before the instance serves its first request, so no outcome of a mutation it sends can
 * be missed. An outcome evicts the cache before it wakes the waiting call: read your writes.
 */
@Component
class OutcomeFanout implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutcomeFanout.class);

    private final KafkaProperties kafkaProperties;
    private final ReadCache reader;
    private final MutationGateway gateway;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread thread;

    OutcomeFanout(KafkaProperties kafkaProperties, ReadCache reader, MutationGateway gateway) {
        this.kafkaProperties = kafkaProperties;
        this.reader = reader;
        this.gateway = gateway;
    }

    @Override
    public void start() {
        Map<String, Object> config = kafkaProperties.buildConsumerProperties();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        KafkaConsumer<String, String> kafka = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.EVENTS, Topics.INVALIDATIONS)) {
            kafka.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        kafka.assign(partitions);
        kafka.seekToEnd(partitions);
        partitions.forEach(kafka::position); // resolve the end offsets now, not lazily on the first poll
        consumer = kafka;
        thread = Thread.ofPlatform().name("outcome-fanout").daemon().start(this::run);
        log.info("following {} partitions of outcomes and invalidations", partitions.size());
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            // stop() asked us to end
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        try {
            if (Topics.EVENTS.equals(record.topic())) {
                MutationEvent event = JsonCodec.decode(record.value(), MutationEvent.class);
                reader.invalidate(CacheInvalidation.of(event));
                gateway.outcomeArrived(event);
            } else {
                reader.invalidate(JsonCodec.decode(record.value(), CacheInvalidation.class));
            }
        } catch (RuntimeException e) {
            // One undecodable record must not stop invalidations for everyone; the event store has the truth.
            log.warn("skipped an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    @Override
    public void stop() {
        KafkaConsumer<String, String> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        Thread running = thread;
        if (running != null) {
            try {
                running.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer = null;
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
