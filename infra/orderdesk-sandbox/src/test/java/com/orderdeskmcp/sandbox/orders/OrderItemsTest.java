package com.orderdeskmcp.sandbox.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /orders/{id}/order-items[/{itemId}]}. */
class OrderItemsTest extends SandboxTestBase {

  private ObjectNode order;
  private String path;
  private String firstItemId;

  @BeforeEach
  void createOrder() {
    order = createViaApi(Orders.minimal());
    path = "/orders/" + order.get("id").asText() + "/order-items";
    firstItemId = order.get("order_items").get(0).get("id").asText();
    clock.advance(Duration.ofMinutes(5));
  }

  @Test
  void listUsesTheExecutionTimeEnvelope() {
    ApiClient.Reply reply = api.get(path);

    assertThat(reply.status()).isEqualTo(200);
    JsonNode json = reply.json();
    assertThat(json.properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly("status", "execution_time", "total_records", "order_items");
    assertThat(json.get("execution_time").asText()).matches("\\d+\\.\\d{4} seconds");
    assertThat(json.get("total_records").isInt()).isTrue();
    assertThat(json.get("total_records").asInt()).isEqualTo(2);
    assertThat(json.get("order_items")).isEqualTo(order.get("order_items"));
  }

  @Test
  void getOneItem() {
    ApiClient.Reply reply = api.get(path + "/" + firstItemId);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("execution_time").asText()).endsWith(" seconds");
    JsonNode item = reply.json().get("order_item");
    assertThat(item).isEqualTo(order.get("order_items").get(0));
    assertThat(item.get("id").isTextual()).isTrue();
    assertThat(item.get("variation_list").isArray()).as("an empty map is [] on the wire").isTrue();
    assertThat(api.get(path + "/999999").status()).isEqualTo(404);
  }

  @Test
  void addAnswersOnlyStatusAndMessageAndRecomputesTotals() {
    ApiClient.Reply reply = api.post(path, Orders.item("MUG-1", "Mug", "7.25", 2));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json()).isEqualTo(com.orderdeskmcp.sandbox.support.Json.mapper().createObjectNode()
        .put("status", "success").put("message", "Order Item Added"));
    ObjectNode stored = stored();
    assertThat(stored.get("order_items")).hasSize(3);
    JsonNode added = stored.get("order_items").get(2);
    assertThat(added.get("id").asText()).isNotBlank().isNotEqualTo(firstItemId);
    assertThat(added.get("name").asText()).isEqualTo("Mug");
    assertThat(added.get("delivery_type").asText()).isEqualTo("ship");
    assertThat(stored.get("product_total").decimalValue()).isEqualByComparingTo("40.00");
    assertThat(stored.get("quantity_total").asInt()).isEqualTo(5);
    assertThat(stored.get("date_updated").asText()).isEqualTo("2025-03-14 09:31:53");
  }

  @Test
  void anIdInTheAddedItemIsIgnored() {
    api.post(path, Orders.item("MUG-1", "Mug", "7.25", 1).put("id", firstItemId));

    JsonNode items = stored().get("order_items");
    assertThat(items).hasSize(3);
    assertThat(items.get(2).get("id").asText()).isNotEqualTo(firstItemId);
  }

  @Test
  void updateReplacesTheWholeItem() {
    ObjectNode change = com.orderdeskmcp.sandbox.support.Json.mapper().createObjectNode()
        .put("name", "Notes, second edition").put("price", "12.00");

    ApiClient.Reply reply = api.put(path + "/" + firstItemId, change);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("message").asText()).isEqualTo("Order Item Updated");
    assertThat(reply.json().has("order_item")).isFalse();
    JsonNode item = stored().get("order_items").get(0);
    assertThat(item.get("id").asText()).isEqualTo(firstItemId);
    assertThat(item.get("name").asText()).isEqualTo("Notes, second edition");
    assertThat(item.get("code").asText()).as("omitted, so blanked").isEmpty();
    assertThat(item.get("quantity").asInt()).as("omitted quantity defaults to 1").isEqualTo(1);
    assertThat(stored().get("product_total").decimalValue()).isEqualByComparingTo("17.50");
  }

  @Test
  void deleteRemovesTheItemAndRecomputesTotals() {
    ApiClient.Reply reply = api.delete(path + "/" + firstItemId);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("message").asText()).isEqualTo("Order Item " + firstItemId + " Deleted");
    assertThat(reply.json().get("execution_time").asText()).endsWith(" seconds");
    assertThat(stored().get("order_items")).hasSize(1);
    assertThat(stored().get("product_total").decimalValue()).isEqualByComparingTo("5.50");
    assertThat(api.delete(path + "/" + firstItemId).status()).isEqualTo(404);
  }

  @Test
  void errorsUseTheEnvelope() {
    ApiClient.Reply unknownOrder = api.get("/orders/1/order-items");
    ApiClient.Reply badItem = api.post(path, "{\"delivery_type\":\"teleport\"}");
    ApiClient.Reply malformed = api.put(path + "/" + firstItemId, "{\"name\":");

    assertThat(unknownOrder.status()).isEqualTo(404);
    assertThat(unknownOrder.json().get("status").asText()).isEqualTo("error");
    assertThat(badItem.status()).isEqualTo(400);
    assertThat(badItem.json().get("message").asText()).contains("delivery_type");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(stored().get("order_items")).isEqualTo(order.get("order_items"));
    assertThat(api.send("PATCH", path, "{}").status()).isEqualTo(405);
  }

  private ObjectNode stored() {
    return sandbox.order(STORE, order.get("id").asText()).orElseThrow();
  }
}
