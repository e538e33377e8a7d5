package com.orderdeskmcp.front.orders;

import com.orderdeskmcp.front.mcp.ToolResults;
import com.orderdeskmcp.front.stores.StoreResolver.ResolvedStore;
import com.orderdeskmcp.model.json.JsonCodec;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One answer for a call that queued one mutation per order (a move of several orders, a batch of shipments). */
public final class Batches {

    private Batches() {
    }

    public static CallToolResult answer(ResolvedStore store, List<String> orderIds, List<CallToolResult> results) {
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean anyOk = false;
        for (int i = 0; i < results.size(); i++) {
            CallToolResult result = results.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            if (Boolean.TRUE.equals(result.isError())) {
                row.put("status", "failed");
                row.put("message", result.content().isEmpty() ? "failed"
                        : ((McpSchema.TextContent) result.content().getFirst()).text());
            } else {
                anyOk = true;
                @SuppressWarnings("unchecked")
                Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
                row.putAll(structured);
            }
            row.put("order_id", orderIds.get(i));
            rows.add(row);
        }
        Map<String, Object> answer = Map.of("store_id", store.storeId(), "results", rows);
        return anyOk ? ToolResults.success(answer)
                : ToolResults.error("None of the changes was applied: " + JsonCodec.encode(rows));
    }
}
