package com.orderdeskmcp.model.mutation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.kafka.OrderKey;

import java.time.Instant;
import java.util.List;

/**
 * The terminal event of a mutation: exactly one per accepted command. Stored in the event store
 * (one stream per order) as the audit log, and published to Kafka as the mutation's outcome.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MutationEvent.OrderMutated.class, name = "OrderMutated"),
        @JsonSubTypes.Type(value = MutationEvent.ConflictExhausted.class, name = "ConflictExhausted"),
        @JsonSubTypes.Type(value = MutationEvent.MutationRejected.class, name = "MutationRejected"),
        @JsonSubTypes.Type(value = MutationEvent.MutationFailed.class, name = "MutationFailed")})
public sealed interface MutationEvent {

    String mutationId();

    String tenantId();

    String storeId();

    String orderId();

    /** The change the agent asked for, as accepted. */
    JsonNode requested();

    List<Attempt> attempts();

    Instant acceptedAt();

    Instant completedAt();

    @JsonIgnore
    default OrderKey key() {
        return new OrderKey(storeId(), orderId());
    }

    /** The change reached OrderDesk. {@code sent} is the full order PUT; {@code orderAfter} is what OrderDesk returned. */
    record OrderMutated(String mutationId, String tenantId, String storeId, String orderId, JsonNode requested,
                        ObjectNode sent, ObjectNode orderAfter, List<Attempt> attempts, Instant acceptedAt,
                        Instant completedAt) implements MutationEvent {
    }

    /** The order kept changing under us (409) through every retry; nothing of this mutation was applied. */
    record ConflictExhausted(String mutationId, String tenantId, String storeId, String orderId, JsonNode requested,
                             List<Attempt> attempts, Instant acceptedAt, Instant completedAt) implements MutationEvent {
    }

    /** OrderDesk or our validation refused the change for good (400/401/404/422); not retried. */
    record MutationRejected(String mutationId, String tenantId, String storeId, String orderId, JsonNode requested,
                            int upstreamStatus, String reason, List<Attempt> attempts, Instant acceptedAt,
                            Instant completedAt) implements MutationEvent {
    }

    /** Retries of a transient failure (5xx, timeouts) ran out; the change may be retried by submitting it again. */
    record MutationFailed(String mutationId, String tenantId, String storeId, String orderId, JsonNode requested,
                          String reason, List<Attempt> attempts, Instant acceptedAt, Instant completedAt)
            implements MutationEvent {
    }
}
