package com.orderdeskmcp.front.items;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.front.mcp.ToolResults;
import com.orderdeskmcp.front.mutations.MutationService;
import com.orderdeskmcp.front.reads.ReadCache;
import com.orderdeskmcp.front.stores.StoreResolver;
import com.orderdeskmcp.front.stores.StoreResolver.ResolvedStore;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.orders.FieldRules;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

import static com.orderdeskmcp.front.mcp.ToolKit.IDEMPOTENCY_PARAM;
import static com.orderdeskmcp.front.mcp.ToolKit.STORE_PARAM;
import static com.orderdeskmcp.front.mcp.ToolKit.tool;

/** The items of an order: listed through the cache, changed as queued mutations. */
@Configuration(proxyBeanMethods = false)
class OrderItemTools {

    private static final String ORDER_ID = """
            "order_id": {"type": "string", "maxLength": 64, "description": "OrderDesk's internal order id."},
            """;
    private static final String ITEM_FIELDS = "name (required for a new item), price, quantity, weight, code (SKU), "
            + "delivery_type (ship, noship, download, future), category_code, variation_list {key: value}, metadata {key: value}";

    private final OrderDeskClient orderDesk;
    private final ReadCache cache;
    private final MutationService mutations;
    private final StoreResolver stores;

    OrderItemTools(OrderDeskClient orderDesk, ReadCache cache, MutationService mutations, StoreResolver stores) {
        this.orderDesk = orderDesk;
        this.cache = cache;
        this.mutations = mutations;
        this.stores = stores;
    }

    @Bean
    List<SyncToolSpecification> orderItemToolSpecifications() {
        return List.of(
                tool("order_items_list", "List order items")
                        .description("The items of an order.")
                        .input(ORDER_ID + STORE_PARAM, "order_id")
                        .output("""
                                {"type": "object", "properties": {"store_id": {"type": "string"}, "order_id": {"type": "string"},
                                 "order_items": {"type": "array", "items": {"type": "object"}}},
                                 "required": ["store_id", "order_id", "order_items"]}""")
                        .read()
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            String orderId = call.args().id("order_id");
                            JsonNode items = cache.get(ReadCache.Key.of(call.tenant().id(), store.storeId(),
                                            ReadCache.Scope.ORDER, orderId, Map.of("read", "order_items")),
                                    () -> orderDesk.listOrderItems(store.credentials(), orderId));
                            return ToolResults.success(Map.of("store_id", store.storeId(), "order_id", orderId,
                                    "order_items", items));
                        }),
                tool("order_items_add", "Add order item")
                        .description("Adds an item to an order; OrderDesk recomputes the totals. Fields: " + ITEM_FIELDS + ".")
                        .input(ORDER_ID + """
                                "item": {"type": "object", "description": "The new item."},
                                """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "order_id", "item")
                        .output(MutationService.OUTPUT_SCHEMA)
                        .write(false, false)
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            String orderId = call.args().id("order_id");
                            ObjectNode item = call.args().object("item");
                            List<String> problems = FieldRules.ORDER_ITEM.validateCreate(item);
                            if (!problems.isEmpty()) {
                                return ToolResults.error("Nothing was queued; the item is invalid: " + String.join("; ", problems));
                            }
                            return mutations.submit(call, store, h -> new MutationCommand.AddOrderItem(h, orderId, item));
                        }),
                tool("order_items_update", "Update order item")
                        .description("Changes fields of one item of an order; fields you leave out are kept. Fields: "
                                + ITEM_FIELDS + ".")
                        .input(ORDER_ID + """
                                "item_id": {"type": "string", "maxLength": 64},
                                "changes": {"type": "object", "description": "Only the fields to change."},
                                """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "order_id", "item_id", "changes")
                        .output(MutationService.OUTPUT_SCHEMA)
                        .write(true, false)
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            String orderId = call.args().id("order_id");
                            String itemId = call.args().id("item_id");
                            ObjectNode changes = call.args().object("changes");
                            List<String> problems = FieldRules.ORDER_ITEM.validateChange(changes);
                            if (!problems.isEmpty()) {
                                return ToolResults.error("Nothing was queued; the change is invalid: " + String.join("; ", problems));
                            }
                            return mutations.submit(call, store,
                                    h -> new MutationCommand.UpdateOrderItem(h, orderId, itemId, changes));
                        }),
                tool("order_items_delete", "Delete order item")
                        .description("Removes one item from an order; OrderDesk recomputes the totals.")
                        .input(ORDER_ID + """
                                "item_id": {"type": "string", "maxLength": 64},
                                """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "order_id", "item_id")
                        .output(MutationService.OUTPUT_SCHEMA)
                        .write(true, true)
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            String orderId = call.args().id("order_id");
                            String itemId = call.args().id("item_id");
                            return mutations.submit(call, store, h -> new MutationCommand.DeleteOrderItem(h, orderId, itemId));
                        }));
    }
}
