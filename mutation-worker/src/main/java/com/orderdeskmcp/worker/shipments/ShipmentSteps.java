package com.orderdeskmcp.worker.shipments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationCommand.AddShipment;
import com.orderdeskmcp.model.mutation.MutationCommand.AddShipments;
import com.orderdeskmcp.model.mutation.MutationCommand.DeleteShipment;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateShipment;
import com.orderdeskmcp.model.records.RecordMerge;
import com.orderdeskmcp.worker.upstream.Effect;
import com.orderdeskmcp.worker.upstream.Execution;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The shipment mutations. A shipment is known by its tracking number, which OrderDesk keeps unique. */
@Component
public class ShipmentSteps {

    private final OrderDeskClient orderDesk;

    public ShipmentSteps(OrderDeskClient orderDesk) {
        this.orderDesk = orderDesk;
    }

    public Effect add(Execution x, AddShipment command, boolean resumed) {
        String orderId = command.orderId();
        String tracking = command.shipment().path("tracking_number").asText();
        x.nonIdempotent(resumed,
                () -> x.call("POST /orders/" + orderId + "/shipments",
                        () -> orderDesk.addShipment(x.store(), orderId, command.shipment())),
                () -> byTracking(list(x, orderId), tracking).map(s -> (ObjectNode) s));
        JsonNode added = byTracking(list(x, orderId), tracking).orElse(JsonCodec.object());
        return new Effect(orderId, command.shipment(), added);
    }

    /** One batch-shipments call for the shipments of one order; after an unclear failure only the missing ones are resent. */
    public Effect addAll(Execution x, AddShipments command, boolean resumed) {
        String orderId = command.orderId();
        ArrayNode all = JsonCodec.mapper().createArrayNode();
        command.shipments().forEach(s -> all.add(s.deepCopy().put("order_id", orderId)));
        boolean[] sentBefore = {resumed};
        ObjectNode answer = x.idempotent(() -> {
            ArrayNode toSend = all;
            if (sentBefore[0]) {
                Set<String> present = trackingNumbers(list(x, orderId));
                toSend = JsonCodec.mapper().createArrayNode();
                for (JsonNode s : all) {
                    if (!present.contains(s.path("tracking_number").asText())) {
                        toSend.add(s);
                    }
                }
                if (toSend.isEmpty()) {
                    return JsonCodec.object().put("status", "success").put("message", "all shipments present");
                }
            }
            sentBefore[0] = true;
            ArrayNode batch = toSend;
            return x.call("POST /batch-shipments", () -> orderDesk.addShipments(x.store(), batch));
        });
        return new Effect(orderId, all, answer.path("results").isMissingNode() ? answer : answer.path("results"));
    }

    public Effect update(Execution x, UpdateShipment command) {
        String path = "/orders/" + command.orderId() + "/shipments/" + command.shipmentId();
        ObjectNode[] sent = new ObjectNode[1];
        x.idempotent(() -> {
            ObjectNode current = x.call("GET " + path,
                    () -> orderDesk.getShipment(x.store(), command.orderId(), command.shipmentId()));
            sent[0] = RecordMerge.merge(current, command.changes(), Set.of());
            return x.call("PUT " + path,
                    () -> orderDesk.updateShipment(x.store(), command.orderId(), command.shipmentId(), sent[0]));
        });
        ObjectNode after = x.call("GET " + path,
                () -> orderDesk.getShipment(x.store(), command.orderId(), command.shipmentId()));
        return new Effect(command.orderId(), sent[0], after);
    }

    public Effect delete(Execution x, DeleteShipment command) {
        String path = "/orders/" + command.orderId() + "/shipments/" + command.shipmentId();
        ObjectNode answer = x.delete("DELETE " + path, () -> orderDesk.deleteShipment(x.store(), command.orderId(), command.shipmentId()));
        return new Effect(command.orderId(), JsonCodec.object(), answer);
    }

    private ArrayNode list(Execution x, String orderId) {
        return x.call("GET /orders/" + orderId + "/shipments", () -> orderDesk.listShipments(x.store(), orderId));
    }

    private static Optional<JsonNode> byTracking(ArrayNode shipments, String tracking) {
        for (JsonNode shipment : shipments) {
            if (shipment.path("tracking_number").asText().equals(tracking)) {
                return Optional.of(shipment);
            }
        }
        return Optional.empty();
    }

    private static Set<String> trackingNumbers(ArrayNode shipments) {
        Set<String> numbers = new HashSet<>();
        shipments.forEach(s -> numbers.add(s.path("tracking_number").asText()));
        return numbers;
    }
}
