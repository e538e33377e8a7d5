package com.orderdeskmcp.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.infra.InfrastructureExtension;
import com.orderdeskmcp.infra.TestInfrastructure;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.Topics;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole MCP tool surface over the real protocol: tenants and tokens, the store registry,
 * reads and cache invalidation (mutations and webhooks), validation and idempotency, roles, tenant
 * isolation, a fuzz run, stdio, and at the end a search for secrets in logs, Kafka and the database.
 */
@ExtendWith(InfrastructureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpSurfaceEndToEndTest {

    private static final Set<String> TOOLS = Set.of("stores_register", "stores_list", "stores_get", "stores_use",
            "stores_resolve", "stores_delete", "stores_rotate_key", "orders_get", "orders_list", "orders_create",
            "orders_update", "orders_delete", "orders_move", "orders_add_note", "order_items_list", "order_items_add",
            "order_items_update", "order_items_delete", "shipments_list", "shipments_add", "shipments_update",
            "shipments_delete", "shipments_add_batch", "inventory_list", "inventory_get", "inventory_create",
            "inventory_update", "inventory_delete", "mutations_get", "mutations_list", "audit_order_history",
            "audit_mutation", "audit_search", "audit_verify", "audit_order_state_at");

    private LocalStack stack;
    private TestInfrastructure infra;
    private String jdbcUrl;
    private McpSyncClient agent;
    private Iterator<String> orderIds;
    /** Every secret this test saw: API keys and tokens; none may show up in logs, Kafka or the database. */
    private final List<String> secrets = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startTheSystem(TestInfrastructure infra) throws Exception {
        this.infra = infra;
        jdbcUrl = infra.newDatabase("surface");
        Path root = Path.of(System.getProperty("orderdesk.repository-root", "../..")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("infra/local-stack/target/e2e-surface"));
        stack = LocalStack.start(new LocalStack.Options(root, work, 0, 30, false, Map.of(),
                        Map.of("FRONT_MUTATION_WAIT", "15s", "FRONT_CACHE_TTL", "10m")),
                new LocalStack.Infrastructure(infra.kafkaBootstrapServers(), jdbcUrl, infra.jdbcUsername(),
                        infra.jdbcPassword()));
        secrets.addAll(List.of(stack.token(), stack.operatorToken(), stack.apiKey()));
        agent = connect(stack.token());
        orderIds = stack.sandbox().seedOrders(LocalStack.STORE_ID, 20, 11).iterator();
    }

    @AfterAll
    void stopTheSystem() {
        if (agent != null) {
            agent.closeGracefully();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void everyToolIsListedWithTitleExplicitAnnotationsAndAnOutputSchema() {
        List<McpSchema.Tool> tools = agent.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrderElementsOf(TOOLS);
        for (McpSchema.Tool tool : tools) {
            assertThat(tool.name()).matches("[a-z0-9_]{1,64}");
            assertThat(tool.title()).as(tool.name()).isNotBlank();
            assertThat(tool.outputSchema()).as(tool.name()).isNotNull();
            McpSchema.ToolAnnotations hints = tool.annotations();
            assertThat(hints.readOnlyHint()).as(tool.name()).isNotNull();
            assertThat(hints.destructiveHint()).as(tool.name()).isNotNull();
            assertThat(hints.idempotentHint()).as(tool.name()).isNotNull();
            assertThat(hints.openWorldHint()).as(tool.name()).isNotNull();
            if (tool.name().endsWith("_get") || tool.name().endsWith("_list") || tool.name().equals("stores_resolve")) {
                assertThat(hints.readOnlyHint()).as(tool.name()).isTrue();
                assertThat(hints.destructiveHint()).as(tool.name()).isFalse();
            }
            if (Set.of("orders_add_note", "shipments_add", "shipments_add_batch", "order_items_add").contains(tool.name())) {
                assertThat(hints.destructiveHint()).as(tool.name()).isFalse();
            }
            if (Set.of("orders_update", "orders_delete", "orders_move").contains(tool.name())) {
                assertThat(hints.destructiveHint()).as(tool.name()).isTrue();
            }
        }
    }

    @Test
    @Order(2)
    void theDemoStoreIsRegisteredAndResolvedByIdNameOrAsTheOnlyStore() {
        JsonNode list = ok(call(agent, "stores_list", Map.of()));
        assertThat(list.at("/stores/0/store_id").asText()).isEqualTo(LocalStack.STORE_ID);
        assertThat(list.at("/stores/0/name").asText()).isEqualTo("demo");
        assertThat(ok(call(agent, "stores_resolve", Map.of("store", "DEMO"))).at("/store/store_id").asText())
                .isEqualTo(LocalStack.STORE_ID);
        assertThat(ok(call(agent, "stores_resolve", Map.of())).at("/store/store_id").asText()).isEqualTo(LocalStack.STORE_ID);
        JsonNode settings = ok(call(agent, "stores_get", Map.of("store", LocalStack.STORE_ID)));
        assertThat(settings.path("store_id").asText()).isEqualTo(LocalStack.STORE_ID);
        assertThat(JsonCodec.encode(settings)).doesNotContain(stack.apiKey()).doesNotContain("smtp_password");
        assertThat(text(call(agent, "stores_get", Map.of("store", "nope")))).contains("unknown store", "demo (1001)");
    }

    @Test
    @Order(3)
    void storesAreRegisteredOnlyWithCredentialsOrderDeskAcceptsThenUsedRotatedAndDeleted() {
        String key = "key-" + UUID.randomUUID();
        secrets.add(key);
        stack.sandbox().addStore("2002", key);
        McpSchema.CallToolResult wrong = call(agent, "stores_register", Map.of("store_id", "2002", "api_key", "wrong-key",
                "name", "second"));
        assertThat(wrong.isError()).isTrue();
        assertThat(text(wrong)).contains("did not accept", "Nothing was saved");

        JsonNode registered = ok(call(agent, "stores_register", Map.of("store_id", "2002", "api_key", key, "name", "second")));
        assertThat(registered.at("/store/name").asText()).isEqualTo("second");
        assertThat(JsonCodec.encode(registered)).doesNotContain(key);

        // two stores now: a call without a store must say which exist, until the session chooses one
        assertThat(text(call(agent, "orders_list", Map.of()))).contains("demo (1001)", "second (2002)");
        ok(call(agent, "stores_use", Map.of("store", "second")));
        assertThat(ok(call(agent, "stores_resolve", Map.of())).at("/store/store_id").asText()).isEqualTo("2002");
        ok(call(agent, "stores_use", Map.of("store", "demo")));

        String newKey = "key-" + UUID.randomUUID();
        secrets.add(newKey);
        stack.sandbox().addStore("2002", newKey);
        ok(call(agent, "stores_rotate_key", Map.of("store", "2002", "api_key", newKey)));
        ok(call(agent, "orders_list", Map.of("store", "2002", "limit", 1)));
        // The worker finds a registered store's (rotated) key in the same registry.
        String orderId = stack.sandbox().seedOrders("2002", 1, 5).getFirst();
        JsonNode updated = ok(call(agent, "orders_update", Map.of("store", "2002", "order_id", orderId,
                "changes", Map.of("shipping_method", "Registry Express"))));
        assertThat(updated.path("status").asText()).isEqualTo("applied");
        assertThat(stack.sandbox().order("2002", orderId).orElseThrow().path("shipping_method").asText())
                .isEqualTo("Registry Express");

        ok(call(agent, "stores_delete", Map.of("store", "second")));
        assertThat(text(call(agent, "stores_resolve", Map.of("store", "2002")))).contains("unknown store");
        assertThat(ok(call(agent, "stores_resolve", Map.of())).at("/store/store_id").asText()).isEqualTo(LocalStack.STORE_ID);
    }

    @Test
    @Order(4)
    void ordersListFiltersPagesAndReturnsCompactOrders() {
        JsonNode page = ok(call(agent, "orders_list", Map.of("limit", 5, "order", "asc",
                "added_from", "2000-01-01", "added_to", "2100-12-31T23:59:59Z")));
        assertThat(page.path("returned").asInt()).isEqualTo(5);
        assertThat(page.path("next_offset").asInt()).isEqualTo(5);
        assertThat(page.path("total").asInt()).isGreaterThan(5);
        JsonNode first = page.at("/orders/0");
        assertThat(first.has("id")).isTrue();
        assertThat(first.has("order_items")).isFalse();
        JsonNode next = ok(call(agent, "orders_list", Map.of("limit", 5, "order", "asc", "offset", 5,
                "added_from", "2000-01-01", "added_to", "2100-12-31T23:59:59Z", "fields", List.of("email"))));
        assertThat(next.at("/orders/0/id").asText()).isNotEqualTo(first.path("id").asText());
        assertThat(next.at("/orders/0").size()).isLessThanOrEqualTo(2);
        assertThat(text(call(agent, "orders_list", Map.of("added_from", "last tuesday")))).contains("ISO date");
        String email = first.path("email").asText();
        JsonNode byEmail = ok(call(agent, "orders_list", Map.of("email", email, "fields", List.of("*"))));
        assertThat(byEmail.path("orders")).isNotEmpty().allSatisfy(o -> assertThat(o.path("email").asText()).isEqualTo(email));
    }

    @Test
    @Order(5)
    void aWebhookWithTheStoresSignatureEvictsTheCachedOrderAndABadSignatureIs401() throws Exception {
        String orderId = orderIds.next();
        JsonNode before = ok(call(agent, "orders_get", Map.of("order_id", orderId)));
        stack.sandbox().modifyOrder(LocalStack.STORE_ID, orderId, o -> o.put("email", "outside@example.org"));
        // still cached: the change was made outside this system
        assertThat(ok(call(agent, "orders_get", Map.of("order_id", orderId))).at("/order/email").asText())
                .isEqualTo(before.at("/order/email").asText());

        String body = JsonCodec.encode(stack.sandbox().order(LocalStack.STORE_ID, orderId).orElseThrow());
        assertThat(webhook(LocalStack.STORE_ID, body, hmac(body, "not-the-key")).statusCode()).isEqualTo(401);
        assertThat(webhook("9999", body, hmac(body, stack.apiKey())).statusCode()).isEqualTo(401);
        assertThat(webhook(LocalStack.STORE_ID, body, hmac(body, stack.apiKey())).statusCode()).isEqualTo(200);

        assertThat(ok(call(agent, "orders_get", Map.of("order_id", orderId))).at("/order/email").asText())
                .isEqualTo("outside@example.org");
    }

    @Test
    @Order(6)
    void invalidChangesOfEveryKindAreRefusedBeforeAnythingIsQueued() {
        String orderId = orderIds.next();
        Map<String, Map<String, Object>> invalid = Map.of(
                "orders_update", Map.of("order_id", orderId, "changes", Map.of("folder_id", 3)),
                "orders_create", Map.of("order", Map.of("email", "x@example.org")),
                "orders_add_note", Map.of("order_id", orderId, "note", "x".repeat(1801)),
                "order_items_add", Map.of("order_id", orderId, "item", Map.of("price", 1)),
                "order_items_update", Map.of("order_id", orderId, "item_id", "1", "changes", Map.of("quantity", "many")),
                "shipments_add", Map.of("order_id", orderId, "shipment", Map.of("carrier_code", "UPS")),
                "shipments_add_batch", Map.of("shipments", List.of(Map.of("tracking_number", "1Z"))),
                "inventory_create", Map.of("item", Map.of("name", "Mug")),
                "inventory_update", Map.of("item_id", "1", "changes", Map.of("date_added", "2020-01-01")),
                "orders_move", Map.of("order_ids", List.of(orderId)));
        invalid.forEach((tool, args) -> {
            McpSchema.CallToolResult result = call(agent, tool, args);
            assertThat(result.isError()).as(tool).isTrue();
        });
        assertThat(text(call(agent, "orders_create", Map.of("order", Map.of("email", "x@example.org")))))
                .contains("Nothing was queued", "order_items must list at least one item");
        assertThat(text(call(agent, "order_items_add", Map.of("order_id", orderId, "item", Map.of("price", 1)))))
                .contains("name is required for a new order item");
        assertThat(text(call(agent, "inventory_create", Map.of("item", Map.of("name", "Mug")))))
                .contains("code is required for a new inventory item");
        assertThat(text(call(agent, "orders_move", Map.of("order_ids", List.of(orderId)))))
                .contains("exactly one of folder_id and folder_name");
        assertThat(ok(call(agent, "mutations_list", Map.of("order_id", orderId))).path("mutations")).isEmpty();
    }

    @Test
    @Order(7)
    void theSameIdempotencyKeyReturnsTheFirstMutationAndADifferentRequestWithItIsRefused() throws Exception {
        String orderId = orderIds.next();
        Map<String, Object> args = Map.of("order_id", orderId, "changes", Map.of("shipping_method", "Ground"),
                "idempotency_key", "agent-key-1");
        JsonNode first = ok(call(agent, "orders_update", args));
        JsonNode second = ok(call(agent, "orders_update", args));
        assertThat(second.path("mutation_id").asText()).isEqualTo(first.path("mutation_id").asText());
        assertThat(stack.sandbox().countRequests(LocalStack.STORE_ID, "PUT", orderId)).isEqualTo(1);
        McpSchema.CallToolResult other = call(agent, "orders_update", Map.of("order_id", orderId,
                "changes", Map.of("shipping_method", "Air"), "idempotency_key", "agent-key-1"));
        assertThat(text(other)).contains("already used for a different request");

        JsonNode status = ok(call(agent, "mutations_get", Map.of("mutation_id", first.path("mutation_id").asText())));
        assertThat(status.at("/mutation/status").asText()).isEqualTo("applied");
        assertThat(status.at("/mutation/kind").asText()).isEqualTo("UpdateOrder");
        JsonNode recent = ok(call(agent, "mutations_list", Map.of("order_id", orderId)));
        assertThat(recent.path("mutations")).hasSize(1);
    }

    @Test
    @Order(8)
    void anAuditorReadsButCannotMutateAndOnlyOperatorsReachTheAdminEndpoints() throws Exception {
        HttpResponse<String> forbidden = admin("POST", "/admin/tenants", stack.token(),
                "{\"tenant\":\"demo\",\"role\":\"auditor\"}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(admin("GET", "/admin/tokens", null, null).statusCode()).isEqualTo(401);

        HttpResponse<String> created = admin("POST", "/admin/tenants", stack.operatorToken(),
                "{\"tenant\":\"demo\",\"role\":\"auditor\",\"label\":\"audit\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode issued = JsonCodec.tree(created.body());
        String auditorToken = issued.path("token").asText();
        secrets.add(auditorToken);
        assertThat(auditorToken).startsWith(issued.path("token_id").asText() + "_");
        assertThat(auditorToken.length()).isGreaterThanOrEqualTo(12 + 43);

        McpSyncClient auditor = connect(auditorToken);
        try {
            String orderId = orderIds.next();
            ok(call(auditor, "orders_get", Map.of("order_id", orderId)));
            ok(call(auditor, "mutations_list", Map.of()));
            McpSchema.CallToolResult refused = call(auditor, "orders_update", Map.of("order_id", orderId,
                    "changes", Map.of("email", "auditor@example.org")));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).contains("Forbidden", "auditor");
            assertThat(call(auditor, "stores_register", Map.of("store_id", "1", "api_key", "x")).isError()).isTrue();
            assertThat(stack.sandbox().countRequests(LocalStack.STORE_ID, "PUT", orderId)).isZero();
        } finally {
            auditor.closeGracefully();
        }

        JsonNode listed = JsonCodec.tree(admin("GET", "/admin/tokens?prefix=" + issued.path("token_id").asText(),
                stack.operatorToken(), null).body());
        assertThat(listed.path("tokens")).singleElement().satisfies(t -> {
            assertThat(t.path("role").asText()).isEqualTo("auditor");
            assertThat(t.toString()).doesNotContain(auditorToken);
        });
        assertThat(admin("DELETE", "/admin/tokens/" + issued.path("token_id").asText(), stack.operatorToken(), null)
                .statusCode()).isEqualTo(200);
        assertThat(initializeStatus(auditorToken)).isEqualTo(401);
    }

    @Test
    @Order(9)
    void tenantBCannotReachAnythingOfTenantAAndItsErrorsDoNotRevealWhatExists() throws Exception {
        String orderId = orderIds.next();
        JsonNode update = ok(call(agent, "orders_update", Map.of("order_id", orderId, "changes", Map.of("email", "a@example.org"))));
        String mutationOfA = update.path("mutation_id").asText();

        JsonNode issued = JsonCodec.tree(admin("POST", "/admin/tenants", stack.operatorToken(), "{\"tenant\":\"tenant-b\"}").body());
        String tokenB = issued.path("token").asText();
        secrets.add(tokenB);
        String keyB = "key-" + UUID.randomUUID();
        secrets.add(keyB);
        stack.sandbox().addStore("3003", keyB);
        McpSyncClient b = connect(tokenB);
        try {
            ok(call(b, "stores_register", Map.of("store_id", "3003", "api_key", keyB, "name", "b-store")));
            // A's store by id and by name, next to a store that exists nowhere: the same answer
            for (String tool : List.of("orders_get", "orders_update", "order_items_list", "shipments_list",
                    "inventory_list", "stores_get", "stores_use", "stores_delete", "stores_rotate_key", "mutations_list",
                    "orders_add_note", "orders_delete")) {
                Map<String, Object> args = new HashMap<>(Map.of("order_id", orderId, "changes", Map.of("email", "b@example.org"),
                        "api_key", "x", "note", "n"));
                args.keySet().retainAll(inputProperties(b, tool));
                String forA = errorText(b, tool, args, LocalStack.STORE_ID);
                String forNone = errorText(b, tool, args, "7777");
                assertThat(forA.replace(LocalStack.STORE_ID, "X")).as(tool).isEqualTo(forNone.replace("7777", "X"));
                assertThat(errorText(b, tool, args, "demo").replace("demo", "X")).as(tool)
                        .isEqualTo(forNone.replace("7777", "X"));
            }
            // A's order id on B's own store: not found there, as any unknown id
            McpSchema.CallToolResult order = call(b, "orders_get", Map.of("order_id", orderId));
            assertThat(order.isError()).isTrue();
            assertThat(text(order).replace(orderId, "X")).isEqualTo(text(call(b, "orders_get", Map.of("order_id", "999999")))
                    .replace("999999", "X"));
            // A's mutation id: unknown to B, the same as a made-up one
            assertThat(text(call(b, "mutations_get", Map.of("mutation_id", mutationOfA))).replace(mutationOfA, "X"))
                    .isEqualTo(text(call(b, "mutations_get", Map.of("mutation_id", UUID.randomUUID().toString())))
                            .replaceAll("[0-9a-f-]{36}", "X"));
            assertThat(ok(call(b, "mutations_list", Map.of())).path("mutations")).isEmpty();
            // A's audit trail: A's order on A's store answers as on a store that exists nowhere (no
            // history, no known state), A's mutation as a made-up id; searches find nothing of A's, and
            // verify sees no event of A's.
            for (String store : List.of(LocalStack.STORE_ID, "demo", "7777")) {
                JsonNode history = ok(call(b, "audit_order_history", Map.of("order_id", orderId, "store", store)));
                assertThat(history.path("events")).as(store).isEmpty();
                assertThat(history.path("total").asInt()).as(store).isZero();
                JsonNode state = ok(call(b, "audit_order_state_at", Map.of("order_id", orderId, "store", store)));
                assertThat(state.path("order").isNull()).as(store).isTrue();
                assertThat(state.path("state").asText()).as(store).isEqualTo("unknown");
            }
            assertThat(text(call(b, "audit_mutation", Map.of("mutation_id", mutationOfA))).replace(mutationOfA, "X"))
                    .isEqualTo(text(call(b, "audit_mutation", Map.of("mutation_id", UUID.randomUUID().toString())))
                            .replaceAll("[0-9a-f-]{36}", "X"));
            assertThat(ok(call(b, "audit_search", Map.of("order_id", orderId))).path("items")).isEmpty();
            assertThat(ok(call(b, "audit_search", Map.of("store", LocalStack.STORE_ID))).path("items")).isEmpty();
            JsonNode verifyOfB = ok(call(b, "audit_verify", Map.of()));
            assertThat(verifyOfB.path("ok").asBoolean()).isTrue();
            assertThat(verifyOfB.path("events_checked").asInt()).isZero();
            assertThat(ok(call(b, "stores_list", Map.of())).path("stores")).singleElement()
                    .satisfies(s -> assertThat(s.path("store_id").asText()).isEqualTo("3003"));
        } finally {
            b.closeGracefully();
        }
        // nothing of A changed by B
        assertThat(stack.sandbox().order(LocalStack.STORE_ID, orderId).orElseThrow().path("email").asText())
                .isEqualTo("a@example.org");
    }

    @Test
    @Order(10)
    void aThousandMalformedRequestsGetNo5xxAndNoStackTrace() throws Exception {
        String session = openSession(stack.token());
        Random random = new Random(20261128);
        List<String> tools = new ArrayList<>(TOOLS);
        tools.add("no_such_tool");
        tools.add("orders.get");
        List<String> weird = List.of("", " ", "\u0000", "💥", "Ω≈ç√", "'; DROP TABLE tenant; --", "../../etc/passwd",
                "x".repeat(70_000), "{\"a\":", "null", "-1", "1e309", "\uD800", "<script>", "%00", "\\u0000");
        int n = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 1_100; i++) {
            String body = switch (i % 6) {
                case 0 -> weird.get(random.nextInt(weird.size())); // not JSON-RPC at all
                case 1 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                        + JsonCodec.encode(tools.get(random.nextInt(tools.size()))) + ",\"arguments\":"
                        + JsonCodec.encode(randomArguments(random, weird)) + "}}";
                case 2 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                        + JsonCodec.encode(weird.get(random.nextInt(weird.size()))) + "}}";
                case 3 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":" + JsonCodec.encode(
                        List.of("tools/call", "tools/list", "resources/read", "nope", "").get(random.nextInt(5)))
                        + ",\"params\":" + List.of("null", "[]", "7", "\"x\"", "{}").get(random.nextInt(5)) + "}";
                case 4 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"orders_get\","
                        + "\"arguments\":{\"order_id\":" + List.of("1", "[1]", "{}", "true", "null", "\"" + "9".repeat(100) + "\"")
                        .get(random.nextInt(6)) + "}}}";
                default -> "[{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\"}]";
            };
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.mcpUrl()))
                    .header("Authorization", "Bearer " + stack.token())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("Mcp-Session-Id", session)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response;
            try {
                // bounded: a request the server never answers is a failure too, not a hung test
                response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                failures.add("no answer within 10 s for " + body.substring(0, Math.min(200, body.length())));
                if (failures.size() >= 5) {
                    break;
                }
                continue;
            }
            n++;
            if (response.statusCode() >= 500 || response.body().contains("Exception") || response.body().contains("\tat ")
                    || response.body().contains(".java:")) {
                failures.add(response.statusCode() + " for " + body.substring(0, Math.min(200, body.length())) + ": "
                        + response.body().substring(0, Math.min(300, response.body().length())));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(n).isGreaterThanOrEqualTo(1_000);
    }

    @Test
    @Order(11)
    void theStdioTransportServesTheSameToolsAndWritesNothingButProtocolToStdout() {
        Map<String, String> env = new HashMap<>(stack.frontEnvironment());
        env.put("FRONT_STDIO_TOKEN", stack.token());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin"));
        ServerParameters server = ServerParameters.builder(ProcessHandle.current().info().command().orElse("java"))
                .args("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", stack.frontJar().toString(), "--stdio")
                .env(env).build();
        StdioClientTransport transport = new StdioClientTransport(server, McpJsonDefaults.getMapper());
        List<String> stderr = new java.util.concurrent.CopyOnWriteArrayList<>();
        transport.setStdErrorHandler(stderr::add);
        McpSyncClient stdio = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(90)).build();
        try {
            stdio.initialize();
            assertThat(stdio.listTools().tools()).extracting(McpSchema.Tool::name).containsExactlyInAnyOrderElementsOf(TOOLS);
            JsonNode order = ok(call(stdio, "orders_get", Map.of("order_id", orderIds.next())));
            assertThat(order.path("store_id").asText()).isEqualTo(LocalStack.STORE_ID);
        } finally {
            stdio.closeGracefully();
        }
        // the logs went to stderr (the client would have failed on any non-protocol line on stdout)
        assertThat(stderr).anySatisfy(line -> assertThat(line).contains("Registered tools: " + TOOLS.size()));
    }

    @Test
    @Order(100)
    void noApiKeyOrTokenAppearsInLogsKafkaOrTheDatabase() throws Exception {
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(5);
        List<String> haystacks = new ArrayList<>();
        haystacks.add(Files.readString(stack.front().logFile()));
        haystacks.add(Files.readString(stack.worker().logFile()));
        haystacks.add(kafkaTopicsText());
        haystacks.add(databaseText());
        for (String secret : secrets) {
            for (int i = 0; i < haystacks.size(); i++) {
                assertThat(haystacks.get(i).contains(secret)).as("secret %s... in haystack %d", secret.substring(0, 6), i)
                        .isFalse();
            }
        }
        assertThat(haystacks.get(2)).contains(LocalStack.STORE_ID); // the search did read records
    }

    // --- helpers ---

    private String kafkaTopicsText() {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        StringBuilder all = new StringBuilder();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.COMMANDS, Topics.COMMANDS_DEAD_LETTER, Topics.EVENTS, Topics.INVALIDATIONS)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    all.append(record.key()).append(' ').append(record.value()).append('\n');
                    record.headers().forEach(h -> all.append(new String(h.value(), StandardCharsets.UTF_8)).append('\n'));
                }
            }
        }
        return all.toString();
    }

    private String databaseText() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection db = DriverManager.getConnection(jdbcUrl, infra.jdbcUsername(), infra.jdbcPassword());
             Statement statement = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("""
                    SELECT table_schema || '.' || table_name FROM information_schema.tables
                    WHERE table_schema IN ('public', 'front') AND table_type = 'BASE TABLE'""")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int c = 1; c <= columns; c++) {
                            Object value = rs.getObject(c);
                            all.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value).append('\t');
                        }
                        all.append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    private static Map<String, Object> randomArguments(Random random, List<String> weird) {
        Map<String, Object> args = new HashMap<>();
        List<String> names = List.of("order_id", "store", "changes", "item", "limit", "offset", "fields", "order_ids",
                "folder_id", "note", "mutation_id", "api_key", "shipments", "codes", "idempotency_key", "bogus");
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            Object value = switch (random.nextInt(6)) {
                case 0 -> weird.get(random.nextInt(weird.size()));
                case 1 -> random.nextInt() * (random.nextBoolean() ? 1L : 1_000_000_000L);
                case 2 -> List.of(weird.get(random.nextInt(weird.size())), 3);
                case 3 -> Map.of(weird.get(random.nextInt(weird.size())), weird.get(random.nextInt(weird.size())));
                case 4 -> random.nextBoolean();
                default -> 1.5e300;
            };
            args.put(names.get(random.nextInt(names.size())), value);
        }
        return args;
    }

    private Set<String> inputProperties(McpSyncClient client, String tool) {
        return client.listTools().tools().stream().filter(t -> t.name().equals(tool)).findFirst().orElseThrow()
                .inputSchema().get("properties") instanceof Map<?, ?> properties
                ? properties.keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet()) : Set.of();
    }

    private String errorText(McpSyncClient client, String tool, Map<String, Object> args, String store) {
        Map<String, Object> withStore = new HashMap<>(args);
        withStore.put("store", store);
        McpSchema.CallToolResult result = call(client, tool, withStore);
        assertThat(result.isError()).as(tool + " with store " + store).isTrue();
        return text(result);
    }

    private String openSession(String token) throws Exception {
        HttpResponse<String> init = http.send(HttpRequest.newBuilder(URI.create(stack.mcpUrl()))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(HttpRequest.newBuilder(URI.create(stack.mcpUrl()))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return session;
    }

    private int initializeStatus(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.mcpUrl()))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"""))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private HttpResponse<String> admin(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> webhook(String store, String order, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/webhooks/orderdesk/" + store))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-ORDER-DESK-HASH", signature)
                .POST(HttpRequest.BodyPublishers.ofString("order=" + URLEncoder.encode(order, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmac(String body, String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private McpSyncClient connect(String token) {
        return McpClients.connect(stack.mcpUrl(), token);
    }

    static McpSchema.CallToolResult call(McpSyncClient mcp, String tool, Map<String, Object> arguments) {
        return mcp.callTool(new McpSchema.CallToolRequest(tool, arguments, null));
    }

    static JsonNode ok(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isFalse();
        return JsonCodec.toTree(result.structuredContent());
    }

    static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text())
                .reduce("", String::concat);
    }
}
