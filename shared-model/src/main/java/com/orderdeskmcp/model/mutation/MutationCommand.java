package com.orderdeskmcp.model.mutation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.kafka.OrderKey;

import java.time.Instant;
import java.util.Objects;

/**
 * A change an agent asked for, accepted by mcp-front and carried to a worker over Kafka.
 * Never carries credentials: the worker looks the store's key up itself.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = MutationCommand.UpdateOrder.class, name = "UpdateOrder")})
public sealed interface MutationCommand {

    /** Unique per mutation; the idempotency key of everything downstream. */
    String mutationId();

    String tenantId();

    String storeId();

    /** When Kafka acknowledged the command (acks=all): from then on it is the system's to finish. */
    Instant acceptedAt();

    @JsonIgnore
    OrderKey key();

    /** Merge {@code changes} into the order (see {@code OrderMerge}) and PUT the whole order back. */
    record UpdateOrder(String mutationId, String tenantId, String storeId, String orderId, ObjectNode changes,
                       Instant acceptedAt) implements MutationCommand {
        public UpdateOrder {
            Objects.requireNonNull(mutationId, "mutationId");
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(storeId, "storeId");
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(changes, "changes");
            Objects.requireNonNull(acceptedAt, "acceptedAt");
        }

        @Override
        public OrderKey key() {
            return new OrderKey(storeId, orderId);
        }
    }
}
