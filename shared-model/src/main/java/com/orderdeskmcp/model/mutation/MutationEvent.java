package com.orderdeskmcp.model.mutation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonSubTypes.Type;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.model.kafka.StreamKey;
import com.orderdeskmcp.model.orders.OrderDiff;

import java.time.Instant;
import java.util.List;

/**
 * The terminal event of a mutation: exactly one per accepted command. Stored in the event store
 * (one stream per order or inventory item, id = {@link #key()}) as the audit log, and published to
 * Kafka as the mutation's outcome. Success events are named for what happened; the three failure
 * events are shared by every kind and name the kind they ended.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @Type(value = MutationEvent.OrderCreated.class, name = "OrderCreated"),
        @Type(value = MutationEvent.OrderMutated.class, name = "OrderMutated"),
        @Type(value = MutationEvent.OrderDeleted.class, name = "OrderDeleted"),
        @Type(value = MutationEvent.OrderMoved.class, name = "OrderMoved"),
        @Type(value = MutationEvent.OrderNoteAdded.class, name = "OrderNoteAdded"),
        @Type(value = MutationEvent.OrderItemAdded.class, name = "OrderItemAdded"),
        @Type(value = MutationEvent.OrderItemUpdated.class, name = "OrderItemUpdated"),
        @Type(value = MutationEvent.OrderItemDeleted.class, name = "OrderItemDeleted"),
        @Type(value = MutationEvent.ShipmentAdded.class, name = "ShipmentAdded"),
        @Type(value = MutationEvent.ShipmentUpdated.class, name = "ShipmentUpdated"),
        @Type(value = MutationEvent.ShipmentDeleted.class, name = "ShipmentDeleted"),
        @Type(value = MutationEvent.ShipmentsAdded.class, name = "ShipmentsAdded"),
        @Type(value = MutationEvent.InventoryItemCreated.class, name = "InventoryItemCreated"),
        @Type(value = MutationEvent.InventoryItemUpdated.class, name = "InventoryItemUpdated"),
        @Type(value = MutationEvent.InventoryItemDeleted.class, name = "InventoryItemDeleted"),
        @Type(value = MutationEvent.ConflictExhausted.class, name = "ConflictExhausted"),
        @Type(value = MutationEvent.MutationRejected.class, name = "MutationRejected"),
        @Type(value = MutationEvent.MutationFailed.class, name = "MutationFailed")})
public sealed interface MutationEvent {

    MutationHeader header();

    /** The order id or {@code inventory/<id>} the mutation was about (for a create: what it created). */
    String subject();

    /** The command kind this event ends, e.g. {@code UpdateOrder}. */
    String kind();

    /** The change as the agent asked for it. */
    JsonNode requested();

    /** Every call made to OrderDesk for this mutation, in order. */
    List<Attempt> attempts();

    Instant completedAt();

    @JsonIgnore
    default StreamKey key() {
        return new StreamKey(header().storeId(), subject());
    }

    @JsonIgnore
    default String mutationId() {
        return header().mutationId();
    }

    /** The order this event is about, if it is about an existing order. */
    @JsonIgnore
    default java.util.Optional<String> orderId() {
        String subject = subject();
        return subject.startsWith("inventory/") || subject.startsWith("new/")
                ? java.util.Optional.empty() : java.util.Optional.of(subject);
    }

    /** The change took effect upstream: {@code sent} is what went to OrderDesk, {@code result} what came back. */
    sealed interface Applied extends MutationEvent {
        JsonNode sent();

        JsonNode result();
    }

    /** Nothing of this mutation was applied, for good. */
    sealed interface NotApplied extends MutationEvent {
    }

    /** The order was created; {@code subject} is its new id, {@code result} the order as stored. */
    record OrderCreated(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "CreateOrder";
        }
    }

    /**
     * The change reached OrderDesk: {@code sent} is the full order PUT, {@code result} the order returned.
     * {@code appliedWith} names the other mutations merged into the same PUT (coalescing), in order.
     * {@code changes} is what this mutation itself changed, field by field, in the order as it stood
     * when it was merged (after the fetch and the mutations before it); empty when it changed nothing.
     */
    record OrderMutated(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt, List<String> appliedWith,
            List<OrderDiff.Change> changes) implements Applied {
        @Override
        public String kind() {
            return "UpdateOrder";
        }
    }

    record OrderDeleted(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "DeleteOrder";
        }
    }

    /** {@code result} holds OrderDesk's answer for the order, with {@code original_folder_id}. */
    record OrderMoved(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "MoveOrder";
        }
    }

    record OrderNoteAdded(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "AddOrderNote";
        }
    }

    record OrderItemAdded(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "AddOrderItem";
        }
    }

    record OrderItemUpdated(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "UpdateOrderItem";
        }
    }

    record OrderItemDeleted(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "DeleteOrderItem";
        }
    }

    record ShipmentAdded(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "AddShipment";
        }
    }

    record ShipmentUpdated(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "UpdateShipment";
        }
    }

    record ShipmentDeleted(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "DeleteShipment";
        }
    }

    /** {@code result} holds OrderDesk's per-shipment results. */
    record ShipmentsAdded(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "AddShipments";
        }
    }

    record InventoryItemCreated(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "CreateInventoryItem";
        }
    }

    record InventoryItemUpdated(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "UpdateInventoryItem";
        }
    }

    record InventoryItemDeleted(MutationHeader header, String subject, JsonNode requested, JsonNode sent, JsonNode result,
            List<Attempt> attempts, Instant completedAt) implements Applied {
        @Override
        public String kind() {
            return "DeleteInventoryItem";
        }
    }

    /** The subject kept changing under us (409) through every retry; nothing of this mutation was applied. */
    record ConflictExhausted(MutationHeader header, String kind, String subject, JsonNode requested,
                             List<Attempt> attempts, Instant completedAt) implements NotApplied {
    }

    /** OrderDesk or our validation refused the change for good (400/401/404/422); not retried. */
    record MutationRejected(MutationHeader header, String kind, String subject, JsonNode requested,
                            int upstreamStatus, String reason, List<Attempt> attempts, Instant completedAt)
            implements NotApplied {
    }

    /** Retries of a transient failure (5xx, timeouts, rate limit) ran out; submitting the change again is safe. */
    record MutationFailed(MutationHeader header, String kind, String subject, JsonNode requested, String reason,
                          List<Attempt> attempts, Instant completedAt) implements NotApplied {
    }
}
