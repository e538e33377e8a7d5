package com.orderdeskmcp.front.mutations;

import com.orderdeskmcp.front.mcp.ToolKit.InvalidArgument;
import com.orderdeskmcp.front.mcp.ToolResults;
import com.orderdeskmcp.front.stores.StoreResolver;
import com.orderdeskmcp.model.mutation.MutationEvent;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.orderdeskmcp.front.mcp.ToolKit.STORE_PARAM;
import static com.orderdeskmcp.front.mcp.ToolKit.tool;

/** Status and outcome of queued mutations, for agents whose call answered "pending" and for auditors. */
@Configuration(proxyBeanMethods = false)
class MutationTools {

    private static final String ENTRY = """
            {"type": "object", "properties": {"mutation_id": {"type": "string"}, "store_id": {"type": "string"},
             "kind": {"type": "string"}, "subject": {"type": "string"},
             "status": {"type": "string", "enum": ["pending", "applied", "conflict_exhausted", "rejected", "failed"]},
             "accepted_at": {"type": "string"}, "completed_at": {"type": ["string", "null"]},
             "attempts": {"type": "integer"}, "reason": {"type": "string"}, "result": {}},
             "required": ["mutation_id", "store_id", "kind", "subject", "status"]}""";

    private final MutationLedger ledger;
    private final StoreResolver stores;

    MutationTools(MutationLedger ledger, StoreResolver stores) {
        this.ledger = ledger;
        this.stores = stores;
    }

    @Bean
    List<SyncToolSpecification> mutationToolSpecifications() {
        return List.of(
                tool("mutations_get", "Get mutation")
                        .description("Status and outcome of a mutation by its mutation_id: pending, applied (with the "
                                + "result), conflict_exhausted, rejected or failed (with the reason).")
                        .input("""
                                "mutation_id": {"type": "string", "minLength": 1, "maxLength": 100}""", "mutation_id")
                        .output("{\"type\": \"object\", \"properties\": {\"mutation\": " + ENTRY + "}, \"required\": [\"mutation\"]}")
                        .read().localOnly()
                        .handler(call -> {
                            String id = call.args().requiredText("mutation_id", 100).trim();
                            return ledger.find(call.tenant().id(), id)
                                    .map(entry -> ToolResults.success(Map.of("mutation", describe(entry, true))))
                                    .orElseGet(() -> ToolResults.error("No mutation " + shown(id) + " for this tenant."));
                        }),
                tool("mutations_list", "List mutations")
                        .description("Recent mutations of a store, newest first, optionally of one order; limit/offset "
                                + "pages with next_offset.")
                        .input("""
                                "order_id": {"type": "string", "maxLength": 64},
                                "limit": {"type": "integer", "minimum": 1, "maximum": 200},
                                "offset": {"type": "integer", "minimum": 0, "maximum": 1000000},
                                """ + STORE_PARAM)
                        .output("""
                                {"type": "object", "properties": {"store_id": {"type": "string"}, "next_offset": {"type": ["integer", "null"]},
                                 "mutations": {"type": "array", "items": %s}}, "required": ["store_id", "next_offset", "mutations"]}"""
                                .formatted(ENTRY))
                        .read().localOnly()
                        .handler(call -> {
                            var store = stores.entry(call.tenant(), call.sessionId(), call.args().store());
                            String orderId = call.args().has("order_id") ? call.args().id("order_id") : null;
                            int limit = call.args().integer("limit", 1, 200, 20);
                            int offset = call.args().integer("offset", 0, 1_000_000, 0);
                            List<MutationLedger.Entry> entries = ledger.recent(call.tenant().id(), store.storeId(),
                                    orderId, limit + 1, offset);
                            Map<String, Object> answer = new LinkedHashMap<>();
                            answer.put("store_id", store.storeId());
                            answer.put("next_offset", entries.size() > limit ? offset + limit : null);
                            answer.put("mutations", entries.stream().limit(limit).map(e -> describe(e, false)).toList());
                            return ToolResults.success(answer);
                        }));
    }

    private static Map<String, Object> describe(MutationLedger.Entry entry, boolean withResult) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("mutation_id", entry.mutationId());
        answer.put("store_id", entry.storeId());
        answer.put("kind", entry.kind());
        answer.put("subject", entry.subject());
        answer.put("accepted_at", entry.acceptedAt().toString());
        answer.put("completed_at", entry.event().map(e -> e.completedAt().toString()).orElse(null));
        answer.put("status", "pending");
        entry.event().ifPresent(event -> {
            answer.put("subject", event.subject());
            answer.put("attempts", event.attempts().size());
            switch (event) {
                case MutationEvent.Applied applied -> {
                    answer.put("status", "applied");
                    if (withResult) {
                        answer.put("result", applied.result());
                    }
                }
                case MutationEvent.ConflictExhausted conflict -> {
                    answer.put("status", "conflict_exhausted");
                    answer.put("reason", "it kept changing during " + MutationService.writeAttempts(conflict)
                            + " attempts to write it");
                }
                case MutationEvent.MutationRejected rejected -> {
                    answer.put("status", "rejected");
                    answer.put("reason", "OrderDesk answered " + rejected.upstreamStatus() + ": " + rejected.reason());
                }
                case MutationEvent.MutationFailed failed -> {
                    answer.put("status", "failed");
                    answer.put("reason", failed.reason());
                }
            }
        });
        return answer;
    }

    private static String shown(String id) {
        if (!id.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new InvalidArgument("mutation_id is not a mutation id");
        }
        return id;
    }
}
