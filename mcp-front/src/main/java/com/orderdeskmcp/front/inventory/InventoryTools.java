package com.orderdeskmcp.front.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.front.mcp.ToolKit.InvalidArgument;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.orderdeskmcp.front.mcp.ToolKit.IDEMPOTENCY_PARAM;
import static com.orderdeskmcp.front.mcp.ToolKit.STORE_PARAM;
import static com.orderdeskmcp.front.mcp.ToolKit.tool;

/** The store's inventory items: read through the cache, changed as queued mutations. */
@Configuration(proxyBeanMethods = false)
class InventoryTools {

    private static final String FIELDS = "name and code (SKU; both required for a new item), price, cost, weight, "
            + "stock, location, manufacturer_sku, update_source, metadata {key: value}, variation_list {key: value}";
    private static final String ITEM_ID = """
            "item_id": {"type": "string", "maxLength": 64, "description": "OrderDesk's inventory item id."},
            """;

    private final OrderDeskClient orderDesk;
    private final ReadCache cache;
    private final MutationService mutations;
    private final StoreResolver stores;

    InventoryTools(OrderDeskClient orderDesk, ReadCache cache, MutationService mutations, StoreResolver stores) {
        this.orderDesk = orderDesk;
        this.cache = cache;
        this.mutations = mutations;
        this.stores = stores;
    }

    @Bean
    List<SyncToolSpecification> inventoryToolSpecifications() {
        return List.of(
                tool("inventory_list", "List inventory items")
                        .description("The store's inventory items, optionally only some codes (SKUs); limit/offset pages "
                                + "with next_offset.")
                        .input("""
                                "codes": {"type": "array", "maxItems": 100, "items": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "^[^,]+$"}},
                                "limit": {"type": "integer", "minimum": 1, "maximum": 500},
                                "offset": {"type": "integer", "minimum": 0, "maximum": 1000000},
                                """ + STORE_PARAM)
                        .output("""
                                {"type": "object", "properties": {"store_id": {"type": "string"}, "total": {"type": "integer"},
                                 "offset": {"type": "integer"}, "returned": {"type": "integer"}, "next_offset": {"type": ["integer", "null"]},
                                 "inventory_items": {"type": "array", "items": {"type": "object"}}},
                                 "required": ["store_id", "offset", "returned", "next_offset", "inventory_items"]}""")
                        .read()
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            Map<String, String> query = new LinkedHashMap<>();
                            JsonNode codes = call.args().json("codes");
                            if (codes != null && codes.isArray() && !codes.isEmpty()) {
                                StringBuilder joined = new StringBuilder();
                                codes.forEach(c -> joined.append(joined.isEmpty() ? "" : ",").append(c.asText()));
                                query.put("code", joined.toString());
                            }
                            int limit = call.args().integer("limit", 1, 500, 50);
                            int offset = call.args().integer("offset", 0, 1_000_000, 0);
                            query.put("limit", Integer.toString(limit));
                            query.put("offset", Integer.toString(offset));
                            JsonNode page = cache.get(ReadCache.Key.of(call.tenant().id(), store.storeId(),
                                            ReadCache.Scope.INVENTORY_LIST, "", query),
                                    () -> orderDesk.searchInventoryItems(store.credentials(), query));
                            JsonNode items = page.path("inventory_items");
                            int returned = items.size();
                            int total = page.path("total_records").asInt(offset + returned); // a string on this endpoint
                            Map<String, Object> answer = new LinkedHashMap<>();
                            answer.put("store_id", store.storeId());
                            answer.put("total", total);
                            answer.put("offset", offset);
                            answer.put("returned", returned);
                            answer.put("next_offset", returned > 0 && offset + returned < total ? offset + returned : null);
                            answer.put("inventory_items", items.isArray() ? items : List.of());
                            return ToolResults.success(answer);
                        }),
                tool("inventory_get", "Get inventory item")
                        .description("One inventory item by its id.")
                        .input(ITEM_ID + STORE_PARAM, "item_id")
                        .output("""
                                {"type": "object", "properties": {"store_id": {"type": "string"}, "inventory_item": {"type": "object"}},
                                 "required": ["store_id", "inventory_item"]}""")
                        .read()
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            String itemId = call.args().id("item_id");
                            JsonNode item = cache.get(ReadCache.Key.of(call.tenant().id(), store.storeId(),
                                            ReadCache.Scope.INVENTORY_ITEM, itemId, Map.of()),
                                    () -> orderDesk.getInventoryItem(store.credentials(), itemId));
                            if (item == null || !item.isObject()) {
                                throw new InvalidArgument("Not found in this store: inventory item " + itemId);
                            }
                            return ToolResults.success(Map.of("store_id", store.storeId(), "inventory_item", item));
                        }),
                tool("inventory_create", "Create inventory item")
                        .description("Adds an inventory item. The code must match the SKU your orders arrive with. Fields: "
                                + FIELDS + ".")
                        .input("""
                                "item": {"type": "object"},
                                """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "item")
                        .output(MutationService.OUTPUT_SCHEMA)
                        .write(false, false)
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            ObjectNode item = call.args().object("item");
                            List<String> problems = FieldRules.INVENTORY_ITEM.validateCreate(item);
                            if (!problems.isEmpty()) {
                                return ToolResults.error("Nothing was queued; the item is invalid: " + String.join("; ", problems));
                            }
                            return mutations.submit(call, store, h -> new MutationCommand.CreateInventoryItem(h, item));
                        }),
                tool("inventory_update", "Update inventory item")
                        .description("Changes fields of an inventory item; fields you leave out are kept (metadata and "
                                + "variation keys are merged). stock replaces the old count. Fields: " + FIELDS + ".")
                        .input(ITEM_ID + """
                                "changes": {"type": "object"},
                                """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "item_id", "changes")
                        .output(MutationService.OUTPUT_SCHEMA)
                        .write(true, true)
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            String itemId = call.args().id("item_id");
                            ObjectNode changes = call.args().object("changes");
                            List<String> problems = FieldRules.INVENTORY_ITEM.validateChange(changes);
                            if (!problems.isEmpty()) {
                                return ToolResults.error("Nothing was queued; the change is invalid: " + String.join("; ", problems));
                            }
                            return mutations.submit(call, store, h -> new MutationCommand.UpdateInventoryItem(h, itemId, changes));
                        }),
                tool("inventory_delete", "Delete inventory item")
                        .description("Removes an inventory item.")
                        .input(ITEM_ID + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "item_id")
                        .output(MutationService.OUTPUT_SCHEMA)
                        .write(true, true)
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            String itemId = call.args().id("item_id");
                            return mutations.submit(call, store, h -> new MutationCommand.DeleteInventoryItem(h, itemId));
                        }));
    }
}
