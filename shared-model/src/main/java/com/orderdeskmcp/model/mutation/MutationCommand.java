package com.orderdeskmcp.model.mutation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonSubTypes.Type;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.StreamKey;

import java.util.List;

/**
 * A change an agent asked for, accepted by mcp-front and carried to a worker over Kafka, keyed by
 * {@link #key()} so that all changes of one order (or inventory item) stay in accepted order.
 * Each kind is named in the imperative; its outcome is one {@link MutationEvent}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @Type(value = MutationCommand.CreateOrder.class, name = "CreateOrder"),
        @Type(value = MutationCommand.UpdateOrder.class, name = "UpdateOrder"),
        @Type(value = MutationCommand.DeleteOrder.class, name = "DeleteOrder"),
        @Type(value = MutationCommand.MoveOrder.class, name = "MoveOrder"),
        @Type(value = MutationCommand.AddOrderNote.class, name = "AddOrderNote"),
        @Type(value = MutationCommand.AddOrderItem.class, name = "AddOrderItem"),
        @Type(value = MutationCommand.UpdateOrderItem.class, name = "UpdateOrderItem"),
        @Type(value = MutationCommand.DeleteOrderItem.class, name = "DeleteOrderItem"),
        @Type(value = MutationCommand.AddShipment.class, name = "AddShipment"),
        @Type(value = MutationCommand.UpdateShipment.class, name = "UpdateShipment"),
        @Type(value = MutationCommand.DeleteShipment.class, name = "DeleteShipment"),
        @Type(value = MutationCommand.AddShipments.class, name = "AddShipments"),
        @Type(value = MutationCommand.CreateInventoryItem.class, name = "CreateInventoryItem"),
        @Type(value = MutationCommand.UpdateInventoryItem.class, name = "UpdateInventoryItem"),
        @Type(value = MutationCommand.DeleteInventoryItem.class, name = "DeleteInventoryItem")})
public sealed interface MutationCommand {

    MutationHeader header();

    /** The order id, {@code inventory/<id>}, or {@code new/<mutation id>} for a create. */
    @JsonIgnore
    String subject();

    /** The change as the agent asked for it, for the audit trail. */
    @JsonIgnore
    JsonNode requested();

    @JsonIgnore
    default StreamKey key() {
        return new StreamKey(header().storeId(), subject());
    }

    @JsonIgnore
    default String mutationId() {
        return header().mutationId();
    }

    @JsonIgnore
    default String kind() {
        return getClass().getSimpleName();
    }

    /**
     * Every kind checks its required parts when it is made, so that a command missing one fails to
     * decode and is dead-lettered with this reason, instead of failing in the middle of its work.
     */
    private static void required(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
    }

    /** A command about one existing order. */
    sealed interface OrderCommand extends MutationCommand {
        String orderId();

        @Override
        default String subject() {
            return orderId();
        }
    }

    // --- orders ---

    /** Create an order; the worker marks it with the mutation id so that a retry can find it instead of creating twice. */
    record CreateOrder(MutationHeader header, ObjectNode order) implements MutationCommand {
        public CreateOrder {
            required(header, "header");
            required(order, "order");
        }

        @Override
        public String subject() {
            return "new/" + header.mutationId();
        }

        @Override
        public JsonNode requested() {
            return order;
        }
    }

    /** Merge {@code changes} into the order (see {@code OrderMerge}) and PUT the whole order back. */
    record UpdateOrder(MutationHeader header, String orderId, ObjectNode changes) implements OrderCommand {
        public UpdateOrder {
            required(header, "header");
            required(orderId, "orderId");
            required(changes, "changes");
        }

        @Override
        public JsonNode requested() {
            return changes;
        }
    }

    record DeleteOrder(MutationHeader header, String orderId) implements OrderCommand {
        public DeleteOrder {
            required(header, "header");
            required(orderId, "orderId");
        }

        @Override
        public JsonNode requested() {
            return JsonCodec.object();
        }
    }

    /** Move one order to a folder, named by id or by exact name (one of the two). */
    record MoveOrder(MutationHeader header, String orderId, Integer folderId, String folderName)
            implements OrderCommand {
        public MoveOrder {
            required(header, "header");
            required(orderId, "orderId");
            if ((folderId == null) == (folderName == null)) {
                throw new IllegalArgumentException("give exactly one of folderId and folderName");
            }
        }

        @Override
        public JsonNode requested() {
            ObjectNode requested = JsonCodec.object();
            return folderId != null ? requested.put("folder_id", folderId) : requested.put("folder_name", folderName);
        }
    }

    /** Append a note to the order's history (append-only upstream; at most 250 per order). */
    record AddOrderNote(MutationHeader header, String orderId, String note, String sourceName)
            implements OrderCommand {
        public AddOrderNote {
            required(header, "header");
            required(orderId, "orderId");
            required(note, "note");
        }

        @Override
        public JsonNode requested() {
            return JsonCodec.object().put("note", note).put("source_name", sourceName);
        }
    }

    // --- order items ---

    record AddOrderItem(MutationHeader header, String orderId, ObjectNode item) implements OrderCommand {
        public AddOrderItem {
            required(header, "header");
            required(orderId, "orderId");
            required(item, "item");
        }

        @Override
        public JsonNode requested() {
            return item;
        }
    }

    /** Merge {@code changes} into the item and send the whole item back. */
    record UpdateOrderItem(MutationHeader header, String orderId, String itemId, ObjectNode changes)
            implements OrderCommand {
        public UpdateOrderItem {
            required(header, "header");
            required(orderId, "orderId");
            required(itemId, "itemId");
            required(changes, "changes");
        }

        @Override
        public JsonNode requested() {
            return JsonCodec.object().put("item_id", itemId).set("changes", changes);
        }
    }

    record DeleteOrderItem(MutationHeader header, String orderId, String itemId) implements OrderCommand {
        public DeleteOrderItem {
            required(header, "header");
            required(orderId, "orderId");
            required(itemId, "itemId");
        }

        @Override
        public JsonNode requested() {
            return JsonCodec.object().put("item_id", itemId);
        }
    }

    // --- shipments ---

    record AddShipment(MutationHeader header, String orderId, ObjectNode shipment) implements OrderCommand {
        public AddShipment {
            required(header, "header");
            required(orderId, "orderId");
            required(shipment, "shipment");
        }

        @Override
        public JsonNode requested() {
            return shipment;
        }
    }

    record UpdateShipment(MutationHeader header, String orderId, String shipmentId, ObjectNode changes)
            implements OrderCommand {
        public UpdateShipment {
            required(header, "header");
            required(orderId, "orderId");
            required(shipmentId, "shipmentId");
            required(changes, "changes");
        }

        @Override
        public JsonNode requested() {
            return JsonCodec.object().put("shipment_id", shipmentId).set("changes", changes);
        }
    }

    record DeleteShipment(MutationHeader header, String orderId, String shipmentId) implements OrderCommand {
        public DeleteShipment {
            required(header, "header");
            required(orderId, "orderId");
            required(shipmentId, "shipmentId");
        }

        @Override
        public JsonNode requested() {
            return JsonCodec.object().put("shipment_id", shipmentId);
        }
    }

    /** Several shipments of one order at once (batch-shipments); a batch over many orders is split per order. */
    record AddShipments(MutationHeader header, String orderId, List<ObjectNode> shipments) implements OrderCommand {
        public AddShipments {
            required(header, "header");
            required(orderId, "orderId");
            required(shipments, "shipments");
            shipments = List.copyOf(shipments);
        }

        @Override
        public JsonNode requested() {
            return JsonCodec.toTree(shipments);
        }
    }

    // --- inventory ---

    record CreateInventoryItem(MutationHeader header, ObjectNode item) implements MutationCommand {
        public CreateInventoryItem {
            required(header, "header");
            required(item, "item");
        }

        @Override
        public String subject() {
            return "inventory/new/" + header.mutationId();
        }

        @Override
        public JsonNode requested() {
            return item;
        }
    }

    /** Read the item, merge {@code changes} (metadata and variation keys merged), PUT the whole item. */
    record UpdateInventoryItem(MutationHeader header, String itemId, ObjectNode changes) implements MutationCommand {
        public UpdateInventoryItem {
            required(header, "header");
            required(itemId, "itemId");
            required(changes, "changes");
        }

        @Override
        public String subject() {
            return "inventory/" + itemId;
        }

        @Override
        public JsonNode requested() {
            return changes;
        }
    }

    record DeleteInventoryItem(MutationHeader header, String itemId) implements MutationCommand {
        public DeleteInventoryItem {
            required(header, "header");
            required(itemId, "itemId");
        }

        @Override
        public String subject() {
            return "inventory/" + itemId;
        }

        @Override
        public JsonNode requested() {
            return JsonCodec.object();
        }
    }
}
