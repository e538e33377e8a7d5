package com.orderdeskmcp.localstack;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

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

    /**
     * An agent's listening stream: a session initialized over plain HTTP, then GET on the endpoint,
     * which stays open for the server's messages. The server sends the response's head only with
     * its first message, so this returns the response to come; a ping on the same session, sent
     * after the GET and answered, stands for the GET having arrived.
     */
    static CompletableFuture<HttpResponse<InputStream>> listeningStream(String mcpUrl, String token) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(mcpUrl);
        HttpResponse<String> initialized = http.send(post(uri, token, null, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                "capabilities":{},"clientInfo":{"name":"listener","version":"1"}}}"""), HttpResponse.BodyHandlers.ofString());
        assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(http.send(post(uri, token, session, """
                {"jsonrpc":"2.0","method":"notifications/initialized"}"""), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(202);
        CompletableFuture<HttpResponse<InputStream>> stream = http.sendAsync(HttpRequest.newBuilder(uri).GET()
                .header("Authorization", "Bearer " + token).header("Mcp-Session-Id", session)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<String> pong = http.send(post(uri, token, session, """
                {"jsonrpc":"2.0","id":2,"method":"ping"}"""), HttpResponse.BodyHandlers.ofString());
        assertThat(pong.body()).contains("\"id\":2");
        return stream;
    }

    private static HttpRequest post(URI uri, String token, String session, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request.build();
    }
}
