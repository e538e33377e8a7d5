package com.orderdeskmcp.front.shipments;

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
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.model.orders.FieldRules;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static com.orderdeskmcp.front.mcp.ToolKit.IDEMPOTENCY_PARAM;
import static com.orderdeskmcp.front.mcp.ToolKit.STORE_PARAM;
import static com.orderdeskmcp.front.mcp.ToolKit.tool;

/** Shipments of orders: listed through the cache, added, changed and removed as queued mutations. */
@Configuration(proxyBeanMethods = false)
class ShipmentTools {

    private static final String ORDER_ID = """
            "order_id": {"type": "string", "maxLength": 64, "description": "OrderDesk's internal order id."},
            """;
    private static final String FIELDS = "tracking_number (required for a new shipment; n/a when there is none), "
            + "carrier_code (USPS, FedEx, UPS, ...), shipment_method, weight, cost, status, tracking_url, "
            + "order_items [{id or code, quantity}] for a partial shipment";
    static final int MAX_BATCH = 100;

    private final OrderDeskClient orderDesk;
    private final ReadCache cache;
    private final MutationService mutations;
    private final StoreResolver stores;

    ShipmentTools(OrderDeskClient orderDesk, ReadCache cache, MutationService mutations, StoreResolver stores) {
        this.orderDesk = orderDesk;
        this.cache = cache;
        this.mutations = mutations;
        this.stores = stores;
    }

    @Bean
    List<SyncToolSpecification> shipmentToolSpecifications() {
        return List.of(
                tool("shipments_list", "List shipments")
                        .description("The shipments of an order, with tracking numbers and carriers.")
                        .input(ORDER_ID + STORE_PARAM, "order_id")
                        .output("""
                                {"type": "object", "properties": {"store_id": {"type": "string"}, "order_id": {"type": "string"},
                                 "shipments": {"type": "array", "items": {"type": "object"}}},
                                 "required": ["store_id", "order_id", "shipments"]}""")
                        .read()
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            String orderId = call.args().id("order_id");
                            JsonNode shipments = cache.get(ReadCache.Key.of(call.tenant().id(), store.storeId(),
                                            ReadCache.Scope.ORDER, orderId, Map.of("read", "shipments")),
                                    () -> orderDesk.listShipments(store.credentials(), orderId));
                            return ToolResults.success(Map.of("store_id", store.storeId(), "order_id", orderId,
                                    "shipments", shipments));
                        }),
                tool("shipments_add", "Add shipment")
                        .description("Adds a shipment to an order. Fields: " + FIELDS + ".")
                        .input(ORDER_ID + """
                                "shipment": {"type": "object"},
                                """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "order_id", "shipment")
                        .output(MutationService.OUTPUT_SCHEMA)
                        .write(false, false)
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            String orderId = call.args().id("order_id");
                            ObjectNode shipment = call.args().object("shipment");
                            List<String> problems = FieldRules.SHIPMENT.validateCreate(shipment);
                            if (!problems.isEmpty()) {
                                return ToolResults.error("Nothing was queued; the shipment is invalid: " + String.join("; ", problems));
                            }
                            return mutations.submit(call, store, h -> new MutationCommand.AddShipment(h, orderId, shipment));
                        }),
                tool("shipments_update", "Update shipment")
                        .description("Changes fields of a shipment; fields you leave out are kept. Fields: " + FIELDS + ".")
                        .input(ORDER_ID + """
                                "shipment_id": {"type": "string", "maxLength": 64},
                                "changes": {"type": "object"},
                                """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "order_id", "shipment_id", "changes")
                        .output(MutationService.OUTPUT_SCHEMA)
                        .write(true, false)
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            String orderId = call.args().id("order_id");
                            String shipmentId = call.args().id("shipment_id");
                            ObjectNode changes = call.args().object("changes");
                            List<String> problems = FieldRules.SHIPMENT.validateChange(changes);
                            if (!problems.isEmpty()) {
                                return ToolResults.error("Nothing was queued; the change is invalid: " + String.join("; ", problems));
                            }
                            return mutations.submit(call, store,
                                    h -> new MutationCommand.UpdateShipment(h, orderId, shipmentId, changes));
                        }),
                tool("shipments_delete", "Delete shipment")
                        .description("Removes a shipment from an order.")
                        .input(ORDER_ID + """
                                "shipment_id": {"type": "string", "maxLength": 64},
                                """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "order_id", "shipment_id")
                        .output(MutationService.OUTPUT_SCHEMA)
                        .write(true, true)
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            String orderId = call.args().id("order_id");
                            String shipmentId = call.args().id("shipment_id");
                            return mutations.submit(call, store, h -> new MutationCommand.DeleteShipment(h, orderId, shipmentId));
                        }),
                tool("shipments_add_batch", "Add shipments in batch")
                        .description("Adds up to " + MAX_BATCH + " shipments, each naming its order_id. They are grouped "
                                + "per order (one mutation each); the answer lists each order's outcome. Fields: " + FIELDS + ".")
                        .input("""
                                "shipments": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"type": "object"}},
                                """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "shipments")
                        .output("""
                                {"type": "object", "properties": {"store_id": {"type": "string"},
                                 "results": {"type": "array", "items": {"type": "object"}}}, "required": ["store_id", "results"]}""")
                        .write(false, false)
                        .handler(call -> {
                            ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                            JsonNode all = call.args().json("shipments");
                            if (all == null || !all.isArray() || all.isEmpty() || all.size() > MAX_BATCH) {
                                throw new InvalidArgument("shipments must list 1 to " + MAX_BATCH + " shipments");
                            }
                            Map<String, List<ObjectNode>> perOrder = new LinkedHashMap<>();
                            List<String> problems = new ArrayList<>();
                            for (int i = 0; i < all.size(); i++) {
                                JsonNode s = all.get(i);
                                String orderId = s.path("order_id").asText();
                                if (!(s.path("order_id").isTextual() || s.path("order_id").isIntegralNumber())
                                        || !orderId.matches("[A-Za-z0-9_-]{1,64}")) {
                                    problems.add("shipments[" + i + "]: order_id is required (an OrderDesk order id)");
                                    continue;
                                }
                                ObjectNode shipment = ((ObjectNode) s).deepCopy();
                                shipment.remove("order_id");
                                int index = i;
                                FieldRules.SHIPMENT.validateCreate(shipment)
                                        .forEach(p -> problems.add("shipments[" + index + "]: " + p));
                                perOrder.computeIfAbsent(orderId, k -> new ArrayList<>()).add(shipment);
                            }
                            if (!problems.isEmpty()) {
                                return ToolResults.error("Nothing was queued; the batch is invalid: " + String.join("; ", problems));
                            }
                            List<String> orderIds = List.copyOf(perOrder.keySet());
                            List<Function<MutationHeader, MutationCommand>> builds = new ArrayList<>();
                            for (String orderId : orderIds) {
                                builds.add(h -> new MutationCommand.AddShipments(h, orderId, perOrder.get(orderId)));
                            }
                            List<McpSchema.CallToolResult> results = mutations.submitAll(call, store, builds);
                            return com.orderdeskmcp.front.orders.Batches.answer(store, orderIds, results);
                        }));
    }
}
