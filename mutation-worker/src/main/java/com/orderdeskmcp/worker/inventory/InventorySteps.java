package com.orderdeskmcp.worker.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationCommand.CreateInventoryItem;
import com.orderdeskmcp.model.mutation.MutationCommand.DeleteInventoryItem;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateInventoryItem;
import com.orderdeskmcp.model.records.RecordMerge;
import com.orderdeskmcp.worker.upstream.Effect;
import com.orderdeskmcp.worker.upstream.Execution;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

/** The inventory mutations. An item is known by its code (SKU), which OrderDesk keeps unique. */
@Component
public class InventorySteps {

    private final OrderDeskClient orderDesk;

    public InventorySteps(OrderDeskClient orderDesk) {
        this.orderDesk = orderDesk;
    }

    public Effect create(Execution x, CreateInventoryItem command, boolean resumed) {
        String code = command.item().path("code").asText();
        x.nonIdempotent(resumed,
                () -> x.call("POST /inventory-items", () -> orderDesk.createInventoryItem(x.store(), command.item())),
                () -> byCode(x, code));
        ObjectNode created = byCode(x, code).orElse(JsonCodec.object());
        return new Effect("inventory/" + created.path("id").asText("new/" + command.mutationId()), command.item(),
                created);
    }

    public Effect update(Execution x, UpdateInventoryItem command) {
        String path = "/inventory-items/" + command.itemId();
        ObjectNode[] sent = new ObjectNode[1];
        x.idempotent(() -> {
            ObjectNode current = x.call("GET " + path, () -> orderDesk.getInventoryItem(x.store(), command.itemId()));
            sent[0] = RecordMerge.merge(current, command.changes(), RecordMerge.KEY_VALUE_MAPS);
            return x.call("PUT " + path, () -> orderDesk.replaceInventoryItem(x.store(), command.itemId(), sent[0]));
        });
        ObjectNode after = x.call("GET " + path, () -> orderDesk.getInventoryItem(x.store(), command.itemId()));
        return new Effect(command.subject(), sent[0], after);
    }

    public Effect delete(Execution x, DeleteInventoryItem command) {
        String path = "/inventory-items/" + command.itemId();
        ObjectNode answer = x.delete("DELETE " + path, () -> orderDesk.deleteInventoryItem(x.store(), command.itemId()));
        return new Effect(command.subject(), JsonCodec.object(), answer);
    }

    private Optional<ObjectNode> byCode(Execution x, String code) {
        ObjectNode page = x.call("GET /inventory-items?code=" + code,
                () -> orderDesk.searchInventoryItems(x.store(), Map.of("code", code)));
        for (JsonNode item : page.path("inventory_items")) {
            if (item.path("code").asText().equals(code)) {
                return Optional.of((ObjectNode) item);
            }
        }
        return Optional.empty();
    }
}
