package com.orderdeskmcp.model.kafka;

/** Kafka topic names. Versioned so that an incompatible contract change gets new topics. */
public final class Topics {

    /** {@code MutationCommand}s from mcp-front to the workers; key = {@link OrderKey}. */
    public static final String COMMANDS = "orderdesk.mutation-commands.v1";

    /** Commands that could not be decoded or validated, with the reason in a header; never lost, never retried. */
    public static final String COMMANDS_DEAD_LETTER = "orderdesk.mutation-commands.v1.dlt";

    /** Terminal {@code MutationEvent}s (the outcome of each mutation); key = {@link OrderKey}. */
    public static final String EVENTS = "orderdesk.mutation-events.v1";

    /** {@code CacheInvalidation}s that every mcp-front instance applies; key = {@link OrderKey}. */
    public static final String INVALIDATIONS = "orderdesk.cache-invalidations.v1";

    private Topics() {
    }
}
