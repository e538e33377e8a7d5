package com.orderdeskmcp.localstack;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The MCP Java SDK's client over Streamable HTTP, as an agent connects: the token in the header. */
final class McpClients {

    private McpClients() {
    }

    static McpSyncClient connect(String mcpUrl, String token) {
        return connect(mcpUrl, token, Map.of());
    }

    /** An initialized session; {@code headers} are sent with every request besides the token. */
    static McpSyncClient connect(String mcpUrl, String token, Map<String, String> headers) {
        URI uri = URI.create(mcpUrl);
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(uri.getScheme() + "://"
                                + uri.getAuthority())
                        .endpoint(uri.getPath())
                        .httpRequestCustomizer((builder, method, endpoint, body, context) -> {
                            builder.header("Authorization", "Bearer " + token);
                            headers.forEach(builder::header);
                        })
                        .build())
                .requestTimeout(Duration.ofSeconds(60))
                .build();
        try {
            client.initialize();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }
}
