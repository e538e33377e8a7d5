package com.orderdeskmcp.model.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A topic both apps declare at start, so that whichever starts first creates it. */
public record TopicSpec(String name, int partitions) {

    /** Partition counts bound how many workers can share the load; keyed topics cannot shrink later. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(Topics.COMMANDS, 12),
            new TopicSpec(Topics.COMMANDS_DEAD_LETTER, 1),
            new TopicSpec(Topics.EVENTS, 6),
            new TopicSpec(Topics.INVALIDATIONS, 6));

    /** How many partitions one of the system's topics has. */
    public static int partitionsOf(String topic) {
        return ALL.stream().filter(spec -> spec.name().equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a topic of the system: " + topic)).partitions();
    }

    /**
     * The partition of {@code topic} that a record keyed {@code key} goes to: Kafka's default
     * partitioner (murmur2 of the key's UTF-8 bytes), which the producers here use. For tests and
     * benchmarks that need to know which worker holds a key.
     */
    public static int partitionFor(String topic, String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitionsOf(topic);
    }

    /** Every topic of the system, for an admin client to create if missing. */
    public static NewTopic[] newTopics(short replicationFactor) {
        return ALL.stream().map(spec -> new NewTopic(spec.name(), spec.partitions(), replicationFactor))
                .toArray(NewTopic[]::new);
    }
}
