package com.orderdeskmcp.front.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.front.mcp.ToolResults;
import com.orderdeskmcp.front.mutations.MutationGateway;
import com.orderdeskmcp.front.security.Tenant;
import com.orderdeskmcp.model.client.OrderDeskException;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.model.orders.OrderChangeValidator;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;

import static com.orderdeskmcp.front.mcp.ToolResults.schema;

/** The order tools: {@code orders_get} reads through the cache, {@code orders_update} queues a merge. */
@Configuration(proxyBeanMethods = false)
class OrderTools {

    private static final Logger log = LoggerFactory.getLogger(OrderTools.class);

    private static final String STORE_PARAM = """
            "store": {"type": "string", "description": "Store id. Optional when the tenant has one store."}""";

    private final OrderReader reader;
    private final MutationGateway gateway;
    private final StoreResolver stores;

    OrderTools(OrderReader reader, MutationGateway gateway, StoreResolver stores) {
        this.reader = reader;
        this.gateway = gateway;
        this.stores = stores;
    }

    @Bean
    List<SyncToolSpecification> orderToolSpecifications() {
        return List.of(ordersGet(), ordersUpdate());
    }

    private SyncToolSpecification ordersGet() {
        McpSchema.Tool tool = McpSchema.Tool.builder("orders_get", schema("""
                        {"type": "object",
                         "properties": {
                           "order_id": {"type": "string", "description": "OrderDesk's internal order id (not the cart's order number)."},
                           %s},
                         "required": ["order_id"], "additionalProperties": false}""".formatted(STORE_PARAM)))
                .title("Get order")
                .description("""
                        One order with everything OrderDesk holds: addresses, items, totals, payment, notes, \
                        checkout data, metadata and shipments. Reflects this agent's own completed updates.""")
                .outputSchema(schema("""
                        {"type": "object",
                         "properties": {"store_id": {"type": "string"}, "order": {"type": "object"}},
                         "required": ["store_id", "order"]}"""))
                .annotations(new McpSchema.ToolAnnotations("Get order", true, false, true, true, null))
                .build();
        return new SyncToolSpecification(tool, guarded((exchange, request, args) -> {
            Tenant tenant = ToolResults.tenant(exchange);
            StoreCredentials store = stores.resolve(tenant, text(args, "store"));
            String orderId = requiredText(args, "order_id");
            ObjectNode order = reader.order(tenant.id(), store, orderId);
            return ToolResults.success(Map.of("store_id", store.storeId(), "order", order));
        }));
    }

    private SyncToolSpecification ordersUpdate() {
        McpSchema.Tool tool = McpSchema.Tool.builder("orders_update", schema("""
                        {"type": "object",
                         "properties": {
                           "order_id": {"type": "string", "description": "OrderDesk's internal order id."},
                           "changes": {"type": "object", "description": "Only the fields to change. Scalars (email, shipping_method, payment_status, tax_total, ...) are replaced. shipping, customer, return_address, checkout_data and order_metadata are merged key by key: keys you leave out are kept, a null value clears that key. order_items and discount_list replace the whole list (keep each item's id to update it in place). order_notes are appended ({\\"content\\": \\"...\\"}, at most 1800 characters), skipping exact repeats. Read-only fields (id, totals, dates) and folder_id cannot be changed here."},
                           %s},
                         "required": ["order_id", "changes"], "additionalProperties": false}""".formatted(STORE_PARAM)))
                .title("Update order")
                .description("""
                        Changes an order without losing what you do not mention: the change is queued, then \
                        applied by reading the full order, merging your change and writing it back, retried if \
                        the order changes meanwhile. Returns the updated order, or status "pending" with a \
                        mutation_id when it takes longer than the wait.""")
                .outputSchema(schema("""
                        {"type": "object",
                         "properties": {
                           "status": {"type": "string", "enum": ["applied", "pending"]},
                           "mutation_id": {"type": "string"},
                           "store_id": {"type": "string"},
                           "order_id": {"type": "string"},
                           "order": {"type": "object"},
                           "message": {"type": "string"}},
                         "required": ["status", "mutation_id", "store_id", "order_id"]}"""))
                .annotations(new McpSchema.ToolAnnotations("Update order", false, true, false, true, null))
                .build();
        return new SyncToolSpecification(tool, guarded((exchange, request, args) -> {
            Tenant tenant = ToolResults.tenant(exchange);
            StoreCredentials store = stores.resolve(tenant, text(args, "store"));
            String orderId = requiredText(args, "order_id");
            JsonNode changes = JsonCodec.toTree(args.get("changes"));
            List<String> problems = OrderChangeValidator.validate(changes);
            if (!problems.isEmpty()) {
                return ToolResults.error("Nothing was queued; the change is invalid: " + String.join("; ", problems));
            }
            MutationHeader header = new MutationHeader(UUID.randomUUID().toString(), tenant.id(), store.storeId(), null,
                    tenant.tokenId(), Instant.now());
            MutationCommand.UpdateOrder command = new MutationCommand.UpdateOrder(header, orderId, (ObjectNode) changes);
            Optional<MutationEvent> outcome = gateway.submit(command, progress(exchange, request.progressToken()));
            return outcome.map(OrderTools::describe).orElseGet(() -> ToolResults.success(pending(command)));
        }));
    }

    private static CallToolResult describe(MutationEvent event) {
        return switch (event) {
            case MutationEvent.Applied applied -> ToolResults.success(Map.of("status", "applied",
                    "mutation_id", applied.mutationId(), "store_id", applied.header().storeId(),
                    "order_id", applied.subject(), "order", applied.result()));
            case MutationEvent.ConflictExhausted conflict -> ToolResults.error(("Order %s kept changing while we "
                    + "applied the change (%d attempts); nothing was changed. Read the order again and retry if the "
                    + "change still makes sense. mutation_id: %s").formatted(conflict.subject(),
                    conflict.attempts().stream().filter(a -> a.status() == 409).count(), conflict.mutationId()));
            case MutationEvent.MutationRejected rejected -> ToolResults.error("OrderDesk refused the change (%d): %s. mutation_id: %s"
                    .formatted(rejected.upstreamStatus(), rejected.reason(), rejected.mutationId()));
            case MutationEvent.MutationFailed failed -> ToolResults.error(("The change could not be applied: %s. "
                    + "Nothing was changed; you may submit it again. mutation_id: %s").formatted(failed.reason(),
                    failed.mutationId()));
        };
    }

    private static Map<String, Object> pending(MutationCommand.UpdateOrder command) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "pending");
        result.put("mutation_id", command.mutationId());
        result.put("store_id", command.header().storeId());
        result.put("order_id", command.orderId());
        result.put("message", "Accepted and queued; it will be applied in order. Ask again later with this mutation_id.");
        return result;
    }

    /** Progress notifications while waiting, when the client asked for them with a progress token. */
    private static IntConsumer progress(McpSyncServerExchange exchange, Object progressToken) {
        if (progressToken == null) {
            return seconds -> {
            };
        }
        return seconds -> exchange.progressNotification(new McpSchema.ProgressNotification(progressToken,
                (double) seconds, null, "queued; waiting for the worker (" + seconds + " s)", null));
    }

    /** Turns the failures a caller can act on into tool errors; anything else is logged, never shown. */
    private static BiFunction<McpSyncServerExchange, McpSchema.CallToolRequest, CallToolResult> guarded(
            ToolHandler handler) {
        return (exchange, request) -> {
            Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
            try {
                return handler.handle(exchange, request, args);
            } catch (InvalidArgument | StoreResolver.NoSuchStore | MutationGateway.NotAccepted e) {
                return ToolResults.error(e.getMessage());
            } catch (OrderDeskException e) {
                return ToolResults.error(switch (e.kind()) {
                    case FINAL -> e.status() == 404 ? "Not found in OrderDesk: " + e.getMessage()
                            : "OrderDesk refused the request: " + e.getMessage();
                    case RATE_LIMITED -> "OrderDesk's rate limit is exhausted for this store; try again in a few seconds.";
                    default -> "OrderDesk did not answer properly; try again shortly.";
                });
            } catch (RuntimeException e) {
                log.error("tool {} failed", request.name(), e);
                return ToolResults.error("Internal error while running " + request.name() + "; it was logged.");
            }
        };
    }

    @FunctionalInterface
    private interface ToolHandler {
        CallToolResult handle(McpSyncServerExchange exchange, McpSchema.CallToolRequest request, Map<String, Object> args);
    }

    private static final class InvalidArgument extends RuntimeException {
        InvalidArgument(String message) {
            super(message);
        }
    }

    private static String text(Map<String, Object> args, String name) {
        Object value = args.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new InvalidArgument(name + " must be a string");
        }
        return s;
    }

    private static String requiredText(Map<String, Object> args, String name) {
        String value = text(args, name);
        if (value == null || value.isBlank()) {
            throw new InvalidArgument(name + " is required");
        }
        if (!value.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new InvalidArgument(name + " must be an OrderDesk id (letters, digits, - or _)");
        }
        return value.trim();
    }
}
