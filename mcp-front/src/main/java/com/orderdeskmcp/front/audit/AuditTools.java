package com.orderdeskmcp.front.audit;

import com.orderdeskmcp.front.mcp.ToolKit;
import com.orderdeskmcp.front.mcp.ToolKit.InvalidArgument;
import com.orderdeskmcp.front.mcp.ToolResults;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import static com.orderdeskmcp.front.mcp.ToolKit.STORE_PARAM;
import static com.orderdeskmcp.front.mcp.ToolKit.tool;

/**
 * The audit tools: read-only, for every role (agents and auditors alike; operators too), always
 * answered from the caller's tenant's history only. The same answers as the HTTP API.
 */
@Configuration(proxyBeanMethods = false)
class AuditTools {

    /** An event of audit_order_history: no whole orders, the attempts counted (audit_mutation has the rest). */
    private static final String COMPACT_EVENT = """
            {"type": "object", "properties": {"mutation_id": {"type": "string"}, "kind": {"type": "string"},
             "outcome": {"type": "string"}, "requested_by": {"type": ["string", "null"]},
             "accepted_at": {"type": "string"}, "completed_at": {"type": "string"}, "requested": {},
             "attempts": {"type": "integer"}, "applied_with": {"type": "array", "items": {"type": "string"}},
             "reason": {"type": ["string", "null"]},
             "diff": {"type": "array", "items": {"type": "object", "properties": {"path": {"type": "string"}, "before": {}, "after": {}}}}},
             "required": ["mutation_id", "kind", "outcome", "accepted_at", "completed_at", "attempts", "diff"]}""";
    private static final String ITEM = """
            {"type": "object", "properties": {"mutation_id": {"type": "string"}, "tenant_id": {"type": "string"},
             "store_id": {"type": "string"}, "order_id": {"type": ["string", "null"]}, "subject": {"type": "string"},
             "kind": {"type": "string"}, "outcome": {"type": "string"}, "requested_by": {"type": ["string", "null"]},
             "accepted_at": {"type": "string"}, "completed_at": {"type": "string"}, "attempts": {"type": "integer"},
             "applied_with": {"type": "array", "items": {"type": "string"}}},
             "required": ["mutation_id", "store_id", "kind", "outcome", "accepted_at", "completed_at", "attempts"]}""";
    private static final String ORDER_ID = """
            "order_id": {"type": "string", "minLength": 1, "maxLength": 64, "description": "The OrderDesk order id."}""";
    private static final String OUTCOMES = "OrderCreated, OrderMutated, OrderDeleted, OrderMoved, OrderNoteAdded, "
            + "OrderItemAdded, OrderItemUpdated, OrderItemDeleted, ShipmentAdded, ShipmentUpdated, ShipmentDeleted, "
            + "ShipmentsAdded, InventoryItemCreated, InventoryItemUpdated, InventoryItemDeleted, ConflictExhausted, "
            + "MutationRejected, MutationFailed";

    private final AuditQueries queries;
    private final AuditVerifier verifier;

    AuditTools(AuditQueries queries, AuditVerifier verifier) {
        this.queries = queries;
        this.verifier = verifier;
    }

    @Bean
    List<SyncToolSpecification> auditToolSpecifications() {
        return List.of(
                tool("audit_order_history", "Audit: order history")
                        .description("Every mutation of one order that this system carried out, oldest first: who asked "
                                + "(token prefix), what was requested, how many calls it took, the outcome, and what it "
                                + "changed in the order (diff). Paged with limit/offset (next_offset is null on the last "
                                + "page); audit_mutation gives one mutation's full record, with the orders sent and returned.")
                        .input(ORDER_ID + ",\n" + """
                                "limit": {"type": "integer", "minimum": 1, "maximum": 100, "description": "events per page (20)"},
                                "offset": {"type": "integer", "minimum": 0},
                                """ + STORE_PARAM, "order_id")
                        .output("{\"type\": \"object\", \"properties\": {\"store_id\": {\"type\": \"string\"}, "
                                + "\"order_id\": {\"type\": \"string\"}, \"total\": {\"type\": \"integer\"}, "
                                + "\"events\": {\"type\": \"array\", \"items\": " + COMPACT_EVENT + "}, "
                                + "\"next_offset\": {\"type\": [\"integer\", \"null\"]}}, "
                                + "\"required\": [\"store_id\", \"order_id\", \"total\", \"events\", \"next_offset\"]}")
                        .read().localOnly()
                        .handler(answering(call -> {
                            String orderId = call.args().id("order_id");
                            String store = queries.storeOf(call.tenant(), call.args().store(), orderId);
                            return ToolResults.success(AuditViews.historyPage(queries.history(call.tenant(), store, orderId),
                                    call.args().integer("offset", 0, Integer.MAX_VALUE, 0),
                                    call.args().integer("limit", 1, 100, 20)));
                        })),
                tool("audit_mutation", "Audit: one mutation")
                        .description("The full audit record of one mutation by its mutation_id: request, what was sent, "
                                + "attempts, outcome, result, diff, and where the event is stored (stream, hash).")
                        .input("""
                                "mutation_id": {"type": "string", "minLength": 1, "maxLength": 100}""", "mutation_id")
                        .output("{\"type\": \"object\", \"properties\": {\"mutation\": {\"type\": \"object\"}}, "
                                + "\"required\": [\"mutation\"]}")
                        .read().localOnly()
                        .handler(call -> {
                            String id = call.args().requiredText("mutation_id", 100).trim();
                            if (!id.matches("[A-Za-z0-9_-]{1,100}")) {
                                throw new InvalidArgument("mutation_id is not a mutation id");
                            }
                            return queries.mutation(call.tenant(), id)
                                    .map(entry -> ToolResults.success(java.util.Map.of("mutation", AuditViews.mutation(entry))))
                                    .orElseGet(() -> ToolResults.error("No mutation " + id + " in this tenant's audit "
                                            + "history (a pending one has none yet: see mutations_get)."));
                        }),
                tool("audit_search", "Audit: search mutations")
                        .description("Search the audit history, newest first, by accepted time range (ISO instants, "
                                + "from inclusive, to exclusive), store, order, kind (e.g. UpdateOrder) and outcome ("
                                + OUTCOMES + "). Pages with limit/offset; next_offset is null on the last page.")
                        .input("""
                                "from": {"type": "string", "description": "ISO-8601 instant, inclusive"},
                                "to": {"type": "string", "description": "ISO-8601 instant, exclusive"},
                                "order_id": {"type": "string", "maxLength": 64},
                                "kind": {"type": "string", "maxLength": 40},
                                "outcome": {"type": "string", "maxLength": 40},
                                "limit": {"type": "integer", "minimum": 1, "maximum": 200},
                                "offset": {"type": "integer", "minimum": 0, "maximum": 10000000},
                                """ + STORE_PARAM)
                        .output("{\"type\": \"object\", \"properties\": {\"items\": {\"type\": \"array\", \"items\": "
                                + ITEM + "}, \"next_offset\": {\"type\": [\"integer\", \"null\"]}}, "
                                + "\"required\": [\"items\", \"next_offset\"]}")
                        .read().localOnly()
                        .handler(answering(call -> {
                            var args = call.args();
                            var criteria = new AuditQueries.Criteria(instant(args.text("from"), "from"),
                                    instant(args.text("to"), "to"),
                                    args.store() == null || args.store().isBlank() ? null : queries.store(call.tenant(), args.store()),
                                    args.optionalId("order_id"), args.optionalId("kind"), args.optionalId("outcome"));
                            return ToolResults.success(AuditViews.page(queries.search(call.tenant(), criteria,
                                    args.integer("limit", 1, 200, 50), args.integer("offset", 0, 10_000_000, 0))));
                        })),
                tool("audit_verify", "Audit: verify the log")
                        .description("Checks the event store itself: the hash chain of every stream of this tenant's "
                                + "stores (names the first event altered, removed, inserted or reordered), and that every "
                                + "queued mutation has exactly one terminal event (lists those with none, past a grace "
                                + "period, and those with more than one; younger ones count as in_flight). events_checked "
                                + "counts this tenant's events.")
                        .input("")
                        .output("""
                                {"type": "object", "properties": {"ok": {"type": "boolean"}, "events_checked": {"type": "integer"},
                                 "streams_checked": {"type": "integer"},
                                 "chain_breaks": {"type": "array", "items": {"type": "object", "properties": {"stream": {"type": "string"},
                                   "sequence": {"type": "integer"}, "problem": {"type": "string"}, "mutation_id": {"type": "string"}}}},
                                 "missing_terminal": {"type": "array", "items": {"type": "string"}},
                                 "duplicate_terminal": {"type": "array", "items": {"type": "string"}},
                                 "missing_terminal_total": {"type": "integer"}, "duplicate_terminal_total": {"type": "integer"},
                                 "in_flight": {"type": "integer"}, "checked_at": {"type": "string"}},
                                 "required": ["ok", "events_checked", "streams_checked", "chain_breaks", "missing_terminal",
                                   "duplicate_terminal", "in_flight", "checked_at"]}""")
                        .read().localOnly()
                        .handler(call -> ToolResults.success(AuditViews.verify(verifier.verify(call.tenant())))),
                tool("audit_order_state_at", "Audit: order state at an instant")
                        .description("The order as this system's mutations left it at an instant: the result of the last "
                                + "create or update applied at or before it (null if deleted or none), and which mutation "
                                + "produced it. not_included lists the later mutations applied by then whose effect "
                                + "OrderDesk did not report as a whole order (notes, items, shipments, moves): the order "
                                + "shown lacks them. Changes made outside this system are not in it.")
                        .input(ORDER_ID + """
                                ,
                                "at": {"type": "string", "description": "ISO-8601 instant; default now"},
                                """ + STORE_PARAM, "order_id")
                        .output("""
                                {"type": "object", "properties": {"store_id": {"type": "string"}, "order_id": {"type": "string"},
                                 "at": {"type": "string"}, "order": {"type": ["object", "null"]}, "mutation_id": {"type": ["string", "null"]},
                                 "state": {"type": "string", "enum": ["present", "deleted", "unknown"]},
                                 "not_included": {"type": "array", "items": {"type": "object", "properties": {
                                   "mutation_id": {"type": "string"}, "kind": {"type": "string"},
                                   "outcome": {"type": "string"}, "completed_at": {"type": "string"}}}}},
                                 "required": ["store_id", "order_id", "at", "order", "mutation_id", "state", "not_included"]}""")
                        .read().localOnly()
                        .handler(answering(call -> {
                            String orderId = call.args().id("order_id");
                            Instant at = instant(call.args().text("at"), "at");
                            String store = queries.storeOf(call.tenant(), call.args().store(), orderId);
                            return ToolResults.success(AuditViews.state(queries.stateAt(call.tenant(), store, orderId,
                                    at == null ? Instant.now() : at)));
                        })));
    }

    /** A question that cannot be answered as asked (which store?) is the caller's to fix: a tool error. */
    private static ToolKit.Handler answering(ToolKit.Handler handler) {
        return call -> {
            try {
                return handler.handle(call);
            } catch (AuditQueries.AuditProblem e) {
                return ToolResults.error(e.getMessage());
            }
        };
    }

    private static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidArgument(name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
