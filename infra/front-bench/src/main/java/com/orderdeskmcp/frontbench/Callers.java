package com.orderdeskmcp.frontbench;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** One MCP session calling {@code orders_get}: over the raw wire client, or with the MCP Java SDK's client. */
interface Caller extends AutoCloseable {

    /** One {@code orders_get}; true when it answered the order (no JSON-RPC error, no tool error). */
    boolean ordersGet(long id, String orderId) throws Exception;

    @Override
    void close();

    static Caller open(String mode, String mcpUrl, String token) throws Exception {
        return switch (mode) {
            case "raw" -> new Raw(mcpUrl, token);
            case "sdk" -> new Sdk(mcpUrl, token);
            default -> throw new IllegalArgumentException("client must be raw or sdk, not " + mode);
        };
    }

    /** The wire client; reconnects (new session) after a broken connection. */
    final class Raw implements Caller {
        private final String mcpUrl;
        private final String token;
        private RawMcpClient client;

        Raw(String mcpUrl, String token) throws IOException {
            this.mcpUrl = mcpUrl;
            this.token = token;
            connect();
        }

        private void connect() throws IOException {
            client = new RawMcpClient(mcpUrl, token);
            client.initialize();
        }

        @Override
        public boolean ordersGet(long id, String orderId) throws IOException {
            RawMcpClient.Answer answer;
            try {
                answer = client.ordersGet(id, orderId);
            } catch (IOException e) {
                client.close(); // a broken connection: a new one, and a new session
                connect();
                throw e;
            }
            String json = answer.json();
            return answer.status() == 200
                    && json.contains("\"isError\":false")
                    && json.contains("\"id\":" + id + ",")
                    && !json.contains("\"error\":{");
        }

        @Override
        public void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** The official MCP Java SDK client, as the end-to-end tests use it. */
    final class Sdk implements Caller {
        private final McpSyncClient client;

        Sdk(String mcpUrl, String token) {
            URI uri = URI.create(mcpUrl);
            client = McpClient.sync(HttpClientStreamableHttpTransport.builder(uri.getScheme() + "://" + uri.getAuthority())
                            .endpoint(uri.getPath())
                            .httpRequestCustomizer((builder, method, endpoint, body, context) ->
                                    builder.header("Authorization", "Bearer " + token))
                            .build())
                    .requestTimeout(Duration.ofSeconds(60))
                    .build();
            client.initialize();
        }

        @Override
        public boolean ordersGet(long id, String orderId) {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("orders_get",
                    Map.of("order_id", orderId)));
            return !Boolean.TRUE.equals(result.isError()) && result.structuredContent() != null;
        }

        @Override
        public void close() {
            client.closeGracefully();
        }
    }
}
