package com.orderdeskmcp.model.kafka;

import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;

/** A topic both apps declare at start, so that whichever starts first creates it. */
public record TopicSpec(String name, int partitions) {

    /** Partition counts bound how many workers can share the load; keyed topics cannot shrink later. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(Topics.COMMANDS, 12),
            new TopicSpec(Topics.COMMANDS_DEAD_LETTER, 1),
            new TopicSpec(Topics.EVENTS, 6),
            new TopicSpec(Topics.INVALIDATIONS, 6));

    /** Every topic of the system, for an admin client to create if missing. */
    public static NewTopic[] newTopics(short replicationFactor) {
        return ALL.stream().map(spec -> new NewTopic(spec.name(), spec.partitions(), replicationFactor))
                .toArray(NewTopic[]::new);
    }
}
