package com.orderdeskmcp.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.infra.InfrastructureExtension;
import com.orderdeskmcp.infra.TestInfrastructure;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static com.orderdeskmcp.localstack.McpSurfaceEndToEndTest.call;
import static com.orderdeskmcp.localstack.McpSurfaceEndToEndTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mutation tool through the worker to the sandbox and back, over the real protocol. These
 * need the worker to carry out each command kind (it answered all but UpdateOrder with 501 when they
 * were written).
 */
@ExtendWith(InfrastructureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutationToolsEndToEndTest {

    private LocalStack stack;
    private McpSyncClient agent;
    private Iterator<String> orderIds;

    @BeforeAll
    void startTheSystem(TestInfrastructure infra) throws Exception {
        Path root = Path.of(System.getProperty("orderdesk.repository-root", "../..")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("infra/local-stack/target/e2e-mutations"));
        stack = LocalStack.start(new LocalStack.Options(root, work, 0, 10, false, Map.of(), Map.of("FRONT_MUTATION_WAIT", "20s")),
                new LocalStack.Infrastructure(infra.kafkaBootstrapServers(), infra.newDatabase("mutations"),
                        infra.jdbcUsername(), infra.jdbcPassword()));
        URI uri = URI.create(stack.mcpUrl());
        agent = McpClient.sync(HttpClientStreamableHttpTransport.builder(uri.getScheme() + "://" + uri.getAuthority())
                        .endpoint(uri.getPath())
                        .httpRequestCustomizer((b, m, e, body, c) -> b.header("Authorization", "Bearer " + stack.token()))
                        .build())
                .requestTimeout(Duration.ofSeconds(60)).build();
        agent.initialize();
        orderIds = stack.sandbox().seedOrders(LocalStack.STORE_ID, 20, 3).iterator();
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.closeGracefully();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void ordersAreCreatedNotedMovedAndDeleted() {
        JsonNode created = ok(call(agent, "orders_create", Map.of("order", Map.of(
                "email", "new@example.org",
                "shipping", Map.of("first_name", "Ada", "last_name", "Lovelace", "city", "London"),
                "order_items", List.of(Map.of("name", "Mug", "price", 9.5, "quantity", 2))), "idempotency_key", "create-1")));
        assertThat(created.path("status").asText()).isEqualTo("applied");
        String orderId = created.path("order_id").asText();
        assertThat(stack.sandbox().order(LocalStack.STORE_ID, orderId)).isPresent();
        assertThat(ok(call(agent, "orders_create", Map.of("order", Map.of(
                "email", "new@example.org",
                "shipping", Map.of("first_name", "Ada", "last_name", "Lovelace", "city", "London"),
                "order_items", List.of(Map.of("name", "Mug", "price", 9.5, "quantity", 2))), "idempotency_key", "create-1")))
                .path("mutation_id").asText()).isEqualTo(created.path("mutation_id").asText());

        ok(call(agent, "orders_add_note", Map.of("order_id", orderId, "note", "called the customer")));
        assertThat(stack.sandbox().orderHistory(LocalStack.STORE_ID, orderId).toString()).contains("called the customer");

        JsonNode folders = ok(call(agent, "stores_get", Map.of())).path("folders");
        String folderId = folders.fieldNames().next();
        JsonNode moved = ok(call(agent, "orders_move", Map.of("order_ids", List.of(orderId), "folder_id", Integer.parseInt(folderId))));
        assertThat(moved.at("/results/0/status").asText()).isEqualTo("applied");
        assertThat(stack.sandbox().order(LocalStack.STORE_ID, orderId).orElseThrow().path("folder_id").asText()).isEqualTo(folderId);

        ok(call(agent, "orders_delete", Map.of("order_id", orderId)));
        assertThat(stack.sandbox().order(LocalStack.STORE_ID, orderId)).isEmpty();
        assertThat(call(agent, "orders_get", Map.of("order_id", orderId)).isError()).isTrue();
    }

    @Test
    void orderItemsAreAddedUpdatedAndDeleted() {
        String orderId = orderIds.next();
        int before = ok(call(agent, "order_items_list", Map.of("order_id", orderId))).path("order_items").size();
        ok(call(agent, "order_items_add", Map.of("order_id", orderId, "item", Map.of("name", "Extra", "code", "EXTRA-1",
                "price", 3, "quantity", 1))));
        JsonNode items = ok(call(agent, "order_items_list", Map.of("order_id", orderId))).path("order_items");
        assertThat(items).hasSize(before + 1);
        String itemId = null;
        for (JsonNode item : items) {
            if ("EXTRA-1".equals(item.path("code").asText())) {
                itemId = item.path("id").asText();
            }
        }
        assertThat(itemId).isNotNull();
        ok(call(agent, "order_items_update", Map.of("order_id", orderId, "item_id", itemId, "changes", Map.of("quantity", 4))));
        assertThat(ok(call(agent, "order_items_list", Map.of("order_id", orderId))).path("order_items").toString())
                .contains("EXTRA-1");
        ok(call(agent, "order_items_delete", Map.of("order_id", orderId, "item_id", itemId)));
        assertThat(ok(call(agent, "order_items_list", Map.of("order_id", orderId))).path("order_items")).hasSize(before);
    }

    @Test
    void shipmentsAreAddedUpdatedDeletedAndAddedInBatch() {
        String orderId = orderIds.next();
        ok(call(agent, "shipments_add", Map.of("order_id", orderId, "shipment", Map.of("tracking_number", "1Z999",
                "carrier_code", "UPS"))));
        JsonNode shipments = ok(call(agent, "shipments_list", Map.of("order_id", orderId))).path("shipments");
        assertThat(shipments.toString()).contains("1Z999");
        String shipmentId = shipments.get(shipments.size() - 1).path("id").asText();
        ok(call(agent, "shipments_update", Map.of("order_id", orderId, "shipment_id", shipmentId,
                "changes", Map.of("carrier_code", "FedEx"))));
        assertThat(ok(call(agent, "shipments_list", Map.of("order_id", orderId))).path("shipments").toString()).contains("FedEx");
        ok(call(agent, "shipments_delete", Map.of("order_id", orderId, "shipment_id", shipmentId)));
        assertThat(ok(call(agent, "shipments_list", Map.of("order_id", orderId))).path("shipments").toString())
                .doesNotContain("1Z999");

        String other = orderIds.next();
        JsonNode batch = ok(call(agent, "shipments_add_batch", Map.of("shipments", List.of(
                Map.of("order_id", orderId, "tracking_number", "B-1"), Map.of("order_id", other, "tracking_number", "B-2")))));
        assertThat(batch.path("results")).hasSize(2).allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("applied"));
        assertThat(ok(call(agent, "shipments_list", Map.of("order_id", other))).path("shipments").toString()).contains("B-2");
    }

    @Test
    void inventoryItemsAreCreatedReadUpdatedAndDeleted() {
        ok(call(agent, "inventory_create", Map.of("item", Map.of("name", "Teapot", "code", "TEA-1", "price", 20, "stock", 5))));
        JsonNode list = ok(call(agent, "inventory_list", Map.of("codes", List.of("TEA-1"))));
        assertThat(list.path("inventory_items")).hasSize(1);
        String itemId = list.at("/inventory_items/0/id").asText();
        ok(call(agent, "inventory_update", Map.of("item_id", itemId, "changes", Map.of("stock", 9))));
        assertThat(ok(call(agent, "inventory_get", Map.of("item_id", itemId))).at("/inventory_item/stock").asInt()).isEqualTo(9);
        assertThat(ok(call(agent, "inventory_get", Map.of("item_id", itemId))).at("/inventory_item/name").asText()).isEqualTo("Teapot");
        ok(call(agent, "inventory_delete", Map.of("item_id", itemId)));
        assertThat(ok(call(agent, "inventory_list", Map.of("codes", List.of("TEA-1")))).path("inventory_items")).isEmpty();
    }
}
