package com.orderdeskmcp.worker.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationCommand.AddOrderNote;
import com.orderdeskmcp.model.mutation.MutationCommand.CreateOrder;
import com.orderdeskmcp.model.mutation.MutationCommand.DeleteOrder;
import com.orderdeskmcp.model.mutation.MutationCommand.MoveOrder;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.orders.OrderDiff;
import com.orderdeskmcp.model.orders.OrderMerge;
import com.orderdeskmcp.worker.upstream.Effect;
import com.orderdeskmcp.worker.upstream.Execution;
import com.orderdeskmcp.worker.upstream.InvalidCommand;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The order mutations, as calls to OrderDesk. */
@Component
public class OrderSteps {

    /** Hidden mark on every order we create, so that a retry can find it instead of creating it twice. */
    public static final String CREATED_BY_MUTATION = "orderdesk_mcp_mutation_id";

    private static final DateTimeFormatter ORDERDESK_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final OrderDeskClient orderDesk;

    public OrderSteps(OrderDeskClient orderDesk) {
        this.orderDesk = orderDesk;
    }

    public Effect create(Execution x, CreateOrder command, boolean resumed) {
        ObjectNode order = command.order().deepCopy();
        JsonNode metadata = order.get("order_metadata");
        ObjectNode marked = metadata instanceof ObjectNode object ? object : order.putObject("order_metadata");
        marked.put(CREATED_BY_MUTATION, command.mutationId());
        ObjectNode created = x.nonIdempotent(resumed,
                () -> x.call("POST /orders", () -> orderDesk.createOrder(x.store(), order)),
                () -> findCreated(x, command));
        return new Effect(created.path("id").asText(), order, created);
    }

    /** Orders added since shortly before the command was accepted, searched for our mark. */
    private Optional<ObjectNode> findCreated(Execution x, CreateOrder command) {
        String since = ORDERDESK_TIME.format(command.header().acceptedAt().minus(Duration.ofMinutes(10)));
        ObjectNode page = x.call("GET /orders (look up created order)", () -> orderDesk.searchOrders(x.store(),
                Map.of("search_start_date", since, "limit", "500", "order_by", "date_added", "order", "DESC")));
        for (JsonNode order : page.path("orders")) {
            if (command.mutationId().equals(order.path("order_metadata").path(CREATED_BY_MUTATION).asText())) {
                return Optional.of((ObjectNode) order);
            }
        }
        return Optional.empty();
    }

    /**
     * One fetch, every change merged in order, one PUT: how queued updates of one order are
     * coalesced. On a 409 the whole cycle starts again from a fresh read.
     */
    public Coalesced update(Execution x, String orderId, List<UpdateOrder> updates) {
        ObjectNode[] sent = new ObjectNode[1];
        List<List<OrderDiff.Change>> changes = new ArrayList<>();
        ObjectNode after = x.idempotent(() -> {
            ObjectNode current = x.call("GET /orders/" + orderId, () -> orderDesk.getOrder(x.store(), orderId));
            changes.clear(); // a conflict retry merges again into a fresh read: only the last round counts
            ObjectNode merged = current;
            for (UpdateOrder update : updates) {
                ObjectNode next = OrderMerge.merge(merged, update.changes());
                changes.add(OrderDiff.between(merged, next));
                merged = next;
            }
            sent[0] = merged;
            ObjectNode toSend = merged;
            return x.call("PUT /orders/" + orderId, () -> orderDesk.replaceOrder(x.store(), orderId, toSend));
        });
        return new Coalesced(new Effect(orderId, sent[0], after), List.copyOf(changes));
    }

    /** One PUT for several updates, and what each of them changed, in the order given. */
    public record Coalesced(Effect effect, List<List<OrderDiff.Change>> changes) {
    }

    public Effect delete(Execution x, DeleteOrder command) {
        ObjectNode answer = x.delete("DELETE /orders/" + command.orderId(), () -> orderDesk.deleteOrder(x.store(), command.orderId()));
        return new Effect(command.orderId(), JsonCodec.object(), answer);
    }

    /** Moving is repeatable in effect but runs the folder's rules (e-mails...): check before resending. */
    public Effect move(Execution x, MoveOrder command, boolean resumed) {
        int folderId = command.folderId() != null ? command.folderId() : folderIdByName(x, command.folderName());
        ObjectNode answer = x.nonIdempotent(resumed,
                () -> x.call("POST /move-orders", () -> orderDesk.moveOrders(x.store(), List.of(command.orderId()),
                        folderId, null)),
                () -> {
                    ObjectNode order = x.call("GET /orders/" + command.orderId() + " (look up move)",
                            () -> orderDesk.getOrder(x.store(), command.orderId()));
                    return order.path("folder_id").asInt(-1) == folderId
                            ? Optional.of(JsonCodec.object().put("status", "success").put("folder_id", folderId))
                            : Optional.empty();
                });
        JsonNode result = answer.path("results").isArray() && !answer.path("results").isEmpty()
                ? answer.path("results").get(0) : answer;
        return new Effect(command.orderId(), JsonCodec.object().put("destination_folder_id", folderId), result);
    }

    private int folderIdByName(Execution x, String name) {
        ObjectNode store = x.call("GET /store", () -> orderDesk.getStore(x.store()));
        Iterator<Map.Entry<String, JsonNode>> folders = store.path("folders").properties().iterator();
        while (folders.hasNext()) {
            Map.Entry<String, JsonNode> folder = folders.next();
            if (folder.getValue().asText().equals(name)) {
                return Integer.parseInt(folder.getKey());
            }
        }
        throw new InvalidCommand("the store has no folder named \"" + name + "\"");
    }

    public Effect addNote(Execution x, AddOrderNote command, boolean resumed) {
        ObjectNode sent = JsonCodec.object().put("note", command.note()).put("source_name", command.sourceName());
        ObjectNode answer = x.nonIdempotent(resumed,
                () -> x.call("POST /orders/" + command.orderId() + "/order-history",
                        () -> orderDesk.addOrderHistory(x.store(), command.orderId(), command.note(),
                                command.sourceName())),
                () -> findNote(x, command));
        return new Effect(command.orderId(), sent, answer.path("order").path("order_history"));
    }

    /** History is only served by the order search: find the order by its source id, then the note by its text. */
    private Optional<ObjectNode> findNote(Execution x, AddOrderNote command) {
        ObjectNode order = x.call("GET /orders/" + command.orderId() + " (look up note)",
                () -> orderDesk.getOrder(x.store(), command.orderId()));
        ObjectNode page = x.call("GET /orders?get_order_history=1 (look up note)",
                () -> orderDesk.searchOrders(x.store(), Map.of("source_id", order.path("source_id").asText(),
                        "get_order_history", "1", "limit", "500")));
        for (JsonNode found : page.path("orders")) {
            if (command.orderId().equals(found.path("id").asText())) {
                for (JsonNode entry : (found.path("order_history") instanceof ArrayNode history ? history
                        : JsonCodec.mapper().createArrayNode())) {
                    if (entry.path("note").asText().trim().equals(command.note().trim())) {
                        return Optional.of(JsonCodec.object().put("status", "success").set("order", found));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
