package com.orderdeskmcp.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.infra.InfrastructureExtension;
import com.orderdeskmcp.infra.TestInfrastructure;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.sandbox.RecordedRequest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One order update through the whole system, over the real MCP protocol: an MCP client, mcp-front
 * and mutation-worker as their own processes, a real Kafka broker, a real PostgreSQL and the
 * OrderDesk sandbox over HTTP.
 */
@ExtendWith(InfrastructureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderUpdateEndToEndTest {

    /** Shortened from 0.5, 1, 2, 4, 8 s through configuration, as operators would. */
    private static final List<Duration> BACKOFF = List.of(Duration.ofMillis(100), Duration.ofMillis(200),
            Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600));

    private LocalStack stack;
    private TestInfrastructure infra;
    private String jdbcUrl;
    private McpSyncClient client;
    private Iterator<String> orderIds;

    @BeforeAll
    void startTheSystem(TestInfrastructure infra) throws Exception {
        this.infra = infra;
        jdbcUrl = infra.newDatabase("e2e");
        Path root = Path.of(System.getProperty("orderdesk.repository-root", "../..")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("infra/local-stack/target/e2e"));
        stack = LocalStack.start(
                new LocalStack.Options(root, work, 0, 30, true,
                        Map.of("WORKER_RETRY_BACKOFF", String.join(",", BACKOFF.stream().map(d -> d.toMillis() + "ms").toList())),
                        Map.of("FRONT_MUTATION_WAIT", "30s")),
                new LocalStack.Infrastructure(infra.kafkaBootstrapServers(), jdbcUrl, infra.jdbcUsername(),
                        infra.jdbcPassword()));
        client = connect(stack.token());
        orderIds = stack.sandbox().seedOrders(LocalStack.STORE_ID, 10, 7).iterator();
    }

    @AfterAll
    void stopTheSystem() {
        if (client != null) {
            client.closeGracefully();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anUpdateOfOneNestedFieldKeepsEveryOtherFieldAndIsRecordedAsAnEvent() throws Exception {
        String orderId = orderIds.next();
        ObjectNode before = sandboxOrder(orderId);

        McpSchema.CallToolResult result = call("orders_update", Map.of("order_id", orderId,
                "changes", Map.of("shipping", Map.of("city", "Springfield"))));

        assertThat(result.isError()).as(text(result)).isFalse();
        JsonNode structured = JsonCodec.toTree(result.structuredContent());
        assertThat(structured.path("status").asText()).isEqualTo("applied");
        String mutationId = structured.path("mutation_id").asText();
        assertThat(structured.at("/order/shipping/city").asText()).isEqualTo("Springfield");

        ObjectNode after = sandboxOrder(orderId);
        ObjectNode expected = before.deepCopy();
        ((ObjectNode) expected.get("shipping")).put("city", "Springfield");
        expected.set("date_updated", after.get("date_updated"));
        assertThat(after).isEqualTo(expected);
        assertThat(after.get("date_updated").asText()).isGreaterThan(before.get("date_updated").asText());

        List<StoredEvent> events = events(orderId);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).endsWith("OrderMutated");
            assertThat(event.payload().at("/header/mutationId").asText()).isEqualTo(mutationId);
            assertThat(event.payload().at("/requested/shipping/city").asText()).isEqualTo("Springfield");
            assertThat(event.payload().at("/sent/shipping/address1").asText())
                    .isEqualTo(before.at("/shipping/address1").asText());
        });
    }

    @Test
    void theNextReadShowsTheChangeEvenAfterTheOrderWasCached() {
        String orderId = orderIds.next();
        JsonNode first = JsonCodec.toTree(call("orders_get", Map.of("order_id", orderId)).structuredContent());
        assertThat(first.at("/order/id").asText()).isEqualTo(orderId);

        McpSchema.CallToolResult update = call("orders_update", Map.of("order_id", orderId,
                "changes", Map.of("email", "changed-" + orderId + "@example.org")));
        assertThat(update.isError()).as(text(update)).isFalse();

        JsonNode second = JsonCodec.toTree(call("orders_get", Map.of("order_id", orderId)).structuredContent());
        assertThat(second.at("/order/email").asText()).isEqualTo("changed-" + orderId + "@example.org");
    }

    @Test
    void twoConcurrentUpdatesOfDifferentFieldsOfOneOrderBothSurvive() throws Exception {
        String orderId = orderIds.next();
        McpSyncClient other = connect(stack.token());
        try {
            CompletableFuture<McpSchema.CallToolResult> phone = CompletableFuture.supplyAsync(() -> call(client,
                    "orders_update", Map.of("order_id", orderId, "changes", Map.of("shipping", Map.of("phone", "+1 555 0100")))));
            CompletableFuture<McpSchema.CallToolResult> metadata = CompletableFuture.supplyAsync(() -> call(other,
                    "orders_update", Map.of("order_id", orderId, "changes", Map.of("order_metadata", Map.of("priority", "rush")))));

            assertThat(phone.get().isError()).as(text(phone.get())).isFalse();
            assertThat(metadata.get().isError()).as(text(metadata.get())).isFalse();
        } finally {
            other.closeGracefully();
        }
        ObjectNode after = sandboxOrder(orderId);
        assertThat(after.at("/shipping/phone").asText()).isEqualTo("+1 555 0100");
        assertThat(after.at("/order_metadata/priority").asText()).isEqualTo("rush");
        assertThat(events(orderId)).hasSize(2).allSatisfy(e -> assertThat(e.type()).endsWith("OrderMutated"));
    }

    @Test
    void aConflictForcedSixTimesEndsInConflictExhaustedAfterSixAttemptsOnTheConfiguredSchedule() throws Exception {
        String orderId = orderIds.next();
        ObjectNode before = sandboxOrder(orderId);
        stack.sandbox().failNext(LocalStack.STORE_ID, orderId, "PUT", 409, 6);

        McpSchema.CallToolResult result = call("orders_update", Map.of("order_id", orderId,
                "changes", Map.of("shipping_method", "Overnight")));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("kept changing", "6 attempts");
        assertThat(sandboxOrder(orderId)).isEqualTo(before);

        List<RecordedRequest> puts = stack.sandbox().requests().stream()
                .filter(r -> "PUT".equals(r.method()) && orderId.equals(r.orderId())).toList();
        assertThat(puts).hasSize(6).allSatisfy(put -> assertThat(put.status()).isEqualTo(409));
        for (int i = 1; i < puts.size(); i++) {
            Duration gap = Duration.between(puts.get(i - 1).at(), puts.get(i).at());
            assertThat(gap).as("wait before retry %d", i).isGreaterThanOrEqualTo(BACKOFF.get(i - 1));
        }
        assertThat(events(orderId)).singleElement().satisfies(event -> {
            assertThat(event.type()).endsWith("ConflictExhausted");
            List<JsonNode> writes = new ArrayList<>();
            event.payload().path("attempts").forEach(attempt -> {
                if (attempt.path("step").asText().startsWith("PUT ")) {
                    writes.add(attempt);
                }
            });
            assertThat(writes).hasSize(6).allSatisfy(attempt -> assertThat(attempt.path("status").asInt()).isEqualTo(409));
        });
    }

    @Test
    void anInvalidChangeIsRefusedBeforeAnythingIsQueued() throws Exception {
        String orderId = orderIds.next();

        McpSchema.CallToolResult result = call("orders_update", Map.of("order_id", orderId,
                "changes", Map.of("folder_id", 3, "order_total", 1)));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("Nothing was queued", "folder_id", "move", "order_total", "read-only");
        assertThat(stack.sandbox().countRequests(LocalStack.STORE_ID, "PUT", orderId)).isZero();
        assertThat(events(orderId)).isEmpty();
    }

    @Test
    void theMcpEndpointRefusesCallersWithoutAValidToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String initialize = """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";
        for (String authorization : new String[]{null, "Bearer not-the-token", "Basic " + stack.token()}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.mcpUrl()))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(initialize));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(authorization).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(response.body()).doesNotContain(stack.token());
        }
        assertThatLogsHoldNoSecret();
    }

    @Test
    void transportErrorsAreJsonRpcErrorsWithoutStackTraces() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        record Case(String sessionId, String body, int status) {
        }
        List<Case> cases = List.of(
                new Case(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", 400),
                new Case(null, "{not json", 400),
                new Case("no-such-session", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", 404));
        for (Case c : cases) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.mcpUrl()))
                    .header("Authorization", "Bearer " + stack.token())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(c.body()));
            if (c.sessionId() != null) {
                request.header("Mcp-Session-Id", c.sessionId());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(c.body()).isEqualTo(c.status());
            JsonNode body = JsonCodec.tree(response.body());
            assertThat(body.path("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(body.at("/error/code").isInt()).isTrue();
            assertThat(response.body()).doesNotContain("stackTrace", "Exception", ".java");
        }
    }

    @Test
    void aBrowserRequestFromAForeignOriginIsRefused() throws Exception {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.mcpUrl()))
                .header("Authorization", "Bearer " + stack.token())
                .header("Origin", "http://evil.example")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(initialize))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void aRateLimitedReadIsWaitedOutInsteadOfFailing() {
        String orderId = orderIds.next();
        stack.sandbox().failNext(LocalStack.STORE_ID, orderId, "GET", 429, 1);

        McpSchema.CallToolResult result = call("orders_get", Map.of("order_id", orderId));

        assertThat(result.isError()).as(text(result)).isFalse();
        assertThat(stack.sandbox().countRequests(LocalStack.STORE_ID, "GET", orderId)).isEqualTo(2);
    }

    @Test
    void theFrontAnswersItsProbesAndCountsCacheHitsAndMisses() throws Exception {
        int mcpPort = URI.create(stack.mcpUrl()).getPort();
        java.util.regex.Matcher ports = java.util.regex.Pattern.compile("Tomcat started on port (\\d+)")
                .matcher(Files.readString(stack.front().logFile()));
        int management = -1;
        while (ports.find()) {
            if (Integer.parseInt(ports.group(1)) != mcpPort) {
                management = Integer.parseInt(ports.group(1));
            }
        }
        assertThat(management).as("a management port apart from /mcp's").isPositive();
        String orderId = orderIds.next();
        call("orders_get", Map.of("order_id", orderId));
        call("orders_get", Map.of("order_id", orderId));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"", "\"kafka\":{\"status\":\"UP\"",
                "\"db\":{\"status\":\"UP\"");
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("orderdesk_cache_gets_total{result=\"hit\"}",
                "orderdesk_cache_gets_total{result=\"miss\"}");
        // /mcp's port serves no actuator.
        HttpResponse<String> onMcpPort = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mcpPort
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(onMcpPort.statusCode()).isNotEqualTo(200);
    }

    @Test
    void theAgentsTraceIsCarriedThroughKafkaIntoTheWorkersLogLines() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        McpSyncClient traced = connect(stack.token(), Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
        String mutationId;
        try {
            McpSchema.CallToolResult result = call(traced, "orders_update", Map.of("order_id", orderIds.next(),
                    "changes", Map.of("shipping_method", "Traced Express")));
            assertThat(result.isError()).as(text(result)).isFalse();
            mutationId = JsonCodec.toTree(result.structuredContent()).path("mutation_id").asText();
        } finally {
            traced.closeGracefully();
        }
        assertThat(Files.readAllLines(stack.worker().logFile()).stream()
                .filter(line -> line.contains(mutationId) && line.contains("ended: ")))
                .singleElement().asString().contains(traceId);
    }

    private void assertThatLogsHoldNoSecret() throws Exception {
        for (AppProcess app : List.of(stack.front(), stack.worker())) {
            assertThat(Files.readString(app.logFile())).doesNotContain(stack.token());
        }
    }

    // --- helpers ---

    private McpSyncClient connect(String token) {
        return connect(token, Map.of());
    }

    private McpSyncClient connect(String token, Map<String, String> headers) {
        return McpClients.connect(stack.mcpUrl(), token, headers);
    }

    private McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return call(client, tool, arguments);
    }

    private static McpSchema.CallToolResult call(McpSyncClient mcp, String tool, Map<String, Object> arguments) {
        return mcp.callTool(new McpSchema.CallToolRequest(tool, arguments, null));
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text())
                .reduce("", String::concat);
    }

    private ObjectNode sandboxOrder(String orderId) {
        return stack.sandbox().order(LocalStack.STORE_ID, orderId).orElseThrow();
    }

    private record StoredEvent(long sequence, String type, JsonNode payload) {
    }

    private List<StoredEvent> events(String orderId) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, infra.jdbcUsername(), infra.jdbcPassword());
             PreparedStatement query = db.prepareStatement("""
                     SELECT sequence_number, payload_type, payload FROM domain_event_entry
                     WHERE aggregate_identifier = ? ORDER BY sequence_number""")) {
            query.setString(1, LocalStack.STORE_ID + "/" + orderId);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    events.add(new StoredEvent(rows.getLong(1), rows.getString(2),
                            JsonCodec.tree(new String(rows.getBytes(3), java.nio.charset.StandardCharsets.UTF_8))));
                }
            }
            return events;
        }
    }
}
