package com.orderdeskmcp.sandbox.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Orders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplaceOrderTest extends SandboxTestBase {

  private ObjectNode stored;
  private String id;

  @BeforeEach
  void createRichOrder() {
    ObjectNode body = Orders.minimal().put("folder_id", 2).put("customer_id", "C-7");
    body.putObject("checkout_data").put("Gift Message", "Happy Birthday");
    body.putObject("order_metadata").put("fraud_protection_score", 3);
    body.putArray("discount_list").addObject().put("name", "Spring").put("amount", "2.00");
    body.putArray("order_notes").addObject().put("username", "CSR").put("content", "Call first");
    stored = createViaApi(body);
    id = stored.get("id").asText();
    // Shipments are never written through the order; put one there the way OrderDesk would.
    sandbox.modifyOrder(STORE, id, order -> order.withArrayProperty("order_shipments").addObject()
        .put("id", "9001").put("tracking_number", "1Z999").put("carrier_code", "UPS"));
    stored = sandbox.order(STORE, id).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
  }

  @Test
  void omittedFieldsAreBlanked() {
    ObjectNode body = Json.object();
    body.set("order_items", stored.get("order_items").deepCopy());

    ApiClient.Reply reply = api.put("/orders/" + id, body);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("message").asText()).isEqualTo("Order Updated");
    ObjectNode order = reply.order();
    order.get("shipping").properties().forEach(field ->
        assertThat(field.getValue().asText()).as("shipping.%s", field.getKey()).isEmpty());
    order.get("customer").properties().forEach(field ->
        assertThat(field.getValue().asText()).as("customer.%s", field.getKey()).isEmpty());
    assertThat(order.get("email").asText()).isEmpty();
    assertThat(order.get("shipping_method").asText()).isEmpty();
    assertThat(order.get("customer_id").asText()).isEmpty();
    assertThat(order.get("payment_status").asText()).isEmpty();
    assertThat(order.get("shipping_total").decimalValue()).isZero();
    assertThat(order.get("checkout_data")).isEqualTo(Json.object());
    assertThat(order.get("order_metadata")).isEqualTo(Json.object());
    assertThat(order.get("discount_list")).isEqualTo(Json.array());
    assertThat(order.get("order_notes")).isEqualTo(Json.array());
    assertThat(sandbox.order(STORE, id)).contains(order);
  }

  @Test
  void readOnlyAndSystemFieldsSurvive() {
    ObjectNode body = stored.deepCopy()
        .put("id", "1").put("date_added", "2000-01-01 00:00:00").put("email_count", "99").put("folder_id", 4);

    ObjectNode order = api.put("/orders/" + id, body).order();

    assertThat(order.get("id").asText()).isEqualTo(id);
    assertThat(order.get("date_added").asText()).isEqualTo(stored.get("date_added").asText());
    assertThat(order.get("email_count").asText()).isEqualTo(stored.get("email_count").asText());
    assertThat(order.get("folder_id").asInt()).isEqualTo(2);
  }

  @Test
  void echoingTheWholeOrderBackChangesOnlyDateUpdated() {
    ObjectNode order = api.put("/orders/" + id, stored).order();

    ObjectNode expected = stored.deepCopy();
    expected.set("date_updated", order.get("date_updated"));
    assertThat(order).isEqualTo(expected);
    assertThat(order.get("date_updated").asText()).isEqualTo("2025-03-14 09:31:53");
  }

  @Test
  void itemsAreDiffedById() {
    ArrayNode items = (ArrayNode) stored.get("order_items").deepCopy();
    String keptId = items.get(0).get("id").asText();
    String removedId = items.get(1).get("id").asText();
    ((ObjectNode) items.get(0)).put("quantity", 5).put("name", "Notes, 2nd edition");
    items.remove(1);
    items.add(Orders.item("INK-1", "Ink", "3.00", 2));
    ObjectNode body = stored.deepCopy();
    body.set("order_items", items);

    ObjectNode order = api.put("/orders/" + id, body).order();

    JsonNode result = order.get("order_items");
    assertThat(result).hasSize(2);
    assertThat(result.get(0).get("id").asText()).isEqualTo(keptId);
    assertThat(result.get(0).get("quantity").asInt()).isEqualTo(5);
    assertThat(result.get(0).get("name").asText()).isEqualTo("Notes, 2nd edition");
    String newId = result.get(1).get("id").asText();
    assertThat(newId).matches("\\d+").isNotIn(keptId, removedId);
    assertThat(result.get(1).get("code").asText()).isEqualTo("INK-1");
    List<String> ids = new ArrayList<>();
    result.forEach(item -> ids.add(item.get("id").asText()));
    assertThat(ids).doesNotContain(removedId);
  }

  @Test
  void totalsAreRecomputedFromTheNewItems() {
    ObjectNode body = stored.deepCopy().put("order_total", 1).put("shipping_total", "10");
    ArrayNode items = body.putArray("order_items");
    items.add(Orders.item("A", "A", "7.25", 4));

    ObjectNode order = api.put("/orders/" + id, body).order();

    assertThat(order.get("quantity_total").asInt()).isEqualTo(4);
    assertThat(order.get("product_total").decimalValue()).isEqualByComparingTo("29.00");
    // 29.00 + 10 shipping + 1 handling + 2.05 tax - 2.00 discount
    assertThat(order.get("order_total").decimalValue()).isEqualByComparingTo("40.05");
  }

  @Test
  void shipmentsInTheBodyAreIgnored() {
    ObjectNode body = stored.deepCopy();
    body.putArray("order_shipments").addObject().put("tracking_number", "FAKE");

    ObjectNode order = api.put("/orders/" + id, body).order();

    assertThat(order.get("order_shipments")).isEqualTo(stored.get("order_shipments"));
    assertThat(order.get("order_shipments").get(0).get("tracking_number").asText()).isEqualTo("1Z999");
  }

  @Test
  void twoWritesInTheSameSecondGetStrictlyIncreasingDateUpdated() {
    String before = stored.get("date_updated").asText();

    String first = api.put("/orders/" + id, stored).order().get("date_updated").asText();
    ObjectNode withoutDate = stored.deepCopy();
    withoutDate.remove("date_updated");
    String second = api.put("/orders/" + id, withoutDate).order().get("date_updated").asText();

    assertThat(first).isGreaterThan(before);
    assertThat(second).isGreaterThan(first);
    assertThat(second).isEqualTo("2025-03-14 09:31:54");
  }

  @Test
  void dateUpdatedIncreasesWithTheRealClockToo() {
    try (var real = com.orderdeskmcp.sandbox.OrderDeskSandbox.start(
        com.orderdeskmcp.sandbox.SandboxOptions.defaults().withoutRateLimit())) {
      real.addStore(STORE, KEY);
      ApiClient client = ApiClient.of(real.baseUrl(), STORE, KEY);
      ObjectNode order = client.post("/orders", Orders.minimal()).order();
      String path = "/orders/" + order.get("id").asText();
      String created = order.get("date_updated").asText();
      order.remove("date_updated");

      String first = client.put(path, order).order().get("date_updated").asText();
      String second = client.put(path, order).order().get("date_updated").asText();
      String third = client.put(path, order).order().get("date_updated").asText();

      assertThat(first).isGreaterThan(created);
      assertThat(second).isGreaterThan(first);
      assertThat(third).isGreaterThan(second);
    }
  }

  @Test
  void putOfAnUnknownOrderIs404() {
    ApiClient.Reply reply = api.put("/orders/31337", stored);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().get("status").asText()).isEqualTo("error");
  }

  @Test
  void methodOverrideHeaderTurnsAPostIntoAPut() {
    ApiClient.Reply reply = api.send("POST", "/orders/" + id, stored.toString(), "X-HTTP-Method-Override", "PUT");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("message").asText()).isEqualTo("Order Updated");
    assertThat(sandbox.countRequests(STORE, "PUT", id)).isEqualTo(1);
  }
}
