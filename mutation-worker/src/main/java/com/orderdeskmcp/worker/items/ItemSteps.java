package com.orderdeskmcp.worker.items;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationCommand.AddOrderItem;
import com.orderdeskmcp.model.mutation.MutationCommand.DeleteOrderItem;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrderItem;
import com.orderdeskmcp.model.records.RecordMerge;
import com.orderdeskmcp.worker.upstream.Effect;
import com.orderdeskmcp.worker.upstream.Execution;
import com.orderdeskmcp.worker.upstream.StartedLog;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The order-item mutations. OrderDesk does not return a new item's id: it is found by listing. */
@Component
public class ItemSteps {

    private final OrderDeskClient orderDesk;

    public ItemSteps(OrderDeskClient orderDesk) {
        this.orderDesk = orderDesk;
    }

    /**
     * The ids of the order's items before the first send are noted with the started mark, so that a
     * redelivery after a crash can tell the item it added from items that were there already.
     */
    public Effect add(Execution x, AddOrderItem command, StartedLog startedLog) {
        String orderId = command.orderId();
        Optional<String> noted = startedLog.context(command.mutationId());
        boolean resumed = noted.isPresent();
        Set<String> before = resumed ? new HashSet<>(List.of(noted.get().split(",")))
                : ids(list(x, orderId));
        if (!resumed) {
            startedLog.start(command.mutationId(), String.join(",", before));
        }
        String code = command.item().path("code").asText("");
        x.nonIdempotent(resumed,
                () -> x.call("POST /orders/" + orderId + "/order-items",
                        () -> orderDesk.addOrderItem(x.store(), orderId, command.item())),
                () -> newItem(list(x, orderId), before, code).map(item -> (ObjectNode) item));
        JsonNode added = newItem(list(x, orderId), before, code).orElse(JsonCodec.object());
        return new Effect(orderId, command.item(), added);
    }

    public Effect update(Execution x, UpdateOrderItem command) {
        String path = "/orders/" + command.orderId() + "/order-items/" + command.itemId();
        ObjectNode[] sent = new ObjectNode[1];
        x.idempotent(() -> {
            ObjectNode current = x.call("GET " + path,
                    () -> orderDesk.getOrderItem(x.store(), command.orderId(), command.itemId()));
            sent[0] = RecordMerge.merge(current, command.changes(), RecordMerge.KEY_VALUE_MAPS);
            return x.call("PUT " + path,
                    () -> orderDesk.updateOrderItem(x.store(), command.orderId(), command.itemId(), sent[0]));
        });
        ObjectNode after = x.call("GET " + path, () -> orderDesk.getOrderItem(x.store(), command.orderId(),
                command.itemId()));
        return new Effect(command.orderId(), sent[0], after);
    }

    public Effect delete(Execution x, DeleteOrderItem command) {
        String path = "/orders/" + command.orderId() + "/order-items/" + command.itemId();
        ObjectNode answer = x.delete("DELETE " + path, () -> orderDesk.deleteOrderItem(x.store(), command.orderId(), command.itemId()));
        return new Effect(command.orderId(), JsonCodec.object(), answer);
    }

    private ArrayNode list(Execution x, String orderId) {
        return x.call("GET /orders/" + orderId + "/order-items", () -> orderDesk.listOrderItems(x.store(), orderId));
    }

    private static Set<String> ids(ArrayNode items) {
        Set<String> ids = new HashSet<>();
        items.forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static Optional<JsonNode> newItem(ArrayNode items, Set<String> before, String code) {
        for (JsonNode item : items) {
            if (!before.contains(item.path("id").asText()) && item.path("code").asText("").equals(code)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }
}
