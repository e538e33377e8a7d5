package com.orderdeskmcp.front.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.front.security.Tenant;
import com.orderdeskmcp.model.json.JsonCodec;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.Map;

/** How every tool answers: structured content plus the same JSON as text, or a readable error. */
public final class ToolResults {

    /** The caller in stdio mode, where no HTTP request carries a token: set once at start. */
    private static volatile Tenant stdioTenant;

    private ToolResults() {
    }

    public static McpSchema.CallToolResult success(Object structured) {
        JsonNode tree = JsonCodec.toTree(structured);
        return McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(JsonCodec.encode(tree))))
                .structuredContent(JsonCodec.mapper().convertValue(tree, Map.class))
                .isError(false)
                .build();
    }

    /** A failure the agent can act on (not found, invalid change, OrderDesk refused): never a stack trace. */
    public static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(message)))
                .isError(true)
                .build();
    }

    public static Tenant tenant(McpSyncServerExchange exchange) {
        Object tenant = exchange.transportContext().get(Tenant.ATTRIBUTE);
        if (tenant instanceof Tenant t) {
            return t;
        }
        Tenant stdio = stdioTenant;
        if (stdio != null) {
            return stdio;
        }
        // The bearer filter guards /mcp, so this means a transport without it (a wiring mistake).
        throw new IllegalStateException("no authenticated tenant on this MCP request");
    }

    static void useStdioTenant(Tenant tenant) {
        stdioTenant = tenant;
    }

    /** A JSON Schema object, written as JSON for readability. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> schema(String json) {
        return JsonCodec.mapper().convertValue(JsonCodec.tree(json), Map.class);
    }
}
