package com.orderdeskmcp.sandbox.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /orders/{id}/order-history} and {@code get_order_history=1}. */
class OrderHistoryTest extends SandboxTestBase {

  private ObjectNode order;
  private String path;

  @BeforeEach
  void createOrder() {
    order = createViaApi(Orders.minimal());
    path = "/orders/" + order.get("id").asText() + "/order-history";
  }

  @Test
  void addingANoteAnswersTheDocumentedShape() {
    ApiClient.Reply reply = api.post(path, "{\"note\":\"My New Note\",\"source_name\":\"API\"}");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode json = reply.json();
    assertThat(json.properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly("status", "execution_time", "total_records", "order");
    assertThat(json.get("total_records").asInt()).isEqualTo(1);
    JsonNode history = json.get("order").get("order_history");
    assertThat(history).hasSize(1);
    assertThat(history.get(0).properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly("source_name", "note", "date_added");
    assertThat(history.get(0).get("note").asText()).isEqualTo("My New Note");
    assertThat(history.get(0).get("date_added").asText()).isEqualTo("2025-03-14 09:26:53");
    assertThat(json.get("order").get("id").asText()).isEqualTo(order.get("id").asText());
  }

  @Test
  void sourceNameDefaultsToApiAndTheOrderItselfDoesNotChange() {
    api.post(path, "{\"note\":\"Called the customer\"}");

    assertThat(sandbox.orderHistory(STORE, order.get("id").asText()))
        .singleElement()
        .satisfies(entry -> assertThat(entry.get("source_name").asText()).isEqualTo("API"));
    assertThat(sandbox.order(STORE, order.get("id").asText()).orElseThrow()).isEqualTo(order);
  }

  @Test
  void historyIsAppendOnly() {
    api.post(path, "{\"note\":\"first\"}");

    assertThat(api.put(path, "{\"note\":\"edit\"}").status()).isEqualTo(405);
    assertThat(api.delete(path).status()).isEqualTo(405);
    assertThat(api.get(path).status()).isEqualTo(405);
    assertThat(api.post(path, "{\"note\":\"second\"}").json().get("order").get("order_history"))
        .extracting(entry -> entry.get("note").asText()).containsExactly("first", "second");
  }

  @Test
  void anOrderHoldsAtMost250Entries() {
    String id = order.get("id").asText();
    for (int i = 0; i < 250; i++) {
      assertThat(api.post(path, "{\"note\":\"note " + i + "\"}").status()).isEqualTo(200);
    }

    ApiClient.Reply refused = api.post(path, "{\"note\":\"one too many\"}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("status").asText()).isEqualTo("error");
    assertThat(refused.json().get("message").asText()).contains("250");
    assertThat(sandbox.orderHistory(STORE, id)).hasSize(250);
  }

  @Test
  void validationAndUnknownOrders() {
    assertThat(api.post(path, "{}").status()).isEqualTo(400);
    assertThat(api.post(path, "{\"note\":\"   \"}").status()).isEqualTo(400);
    assertThat(api.post(path, "{\"note\":\"" + "x".repeat(2001) + "\"}").status()).isEqualTo(400);
    assertThat(api.post(path, "[\"note\"]").status()).isEqualTo(400);
    ApiClient.Reply missing = api.post("/orders/1/order-history", "{\"note\":\"hi\"}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("status").asText()).isEqualTo("error");
  }

  @Test
  void searchShowsHistoryOnlyWhenAskedAndGetNeverDoes() {
    api.post(path, "{\"note\":\"visible\"}");

    JsonNode plain = api.get("/orders").json().get("orders").get(0);
    JsonNode withHistory = api.get("/orders?get_order_history=1").json().get("orders").get(0);
    JsonNode single = api.get("/orders/" + order.get("id").asText() + "?get_order_history=1").order();

    assertThat(plain.has("order_history")).isFalse();
    assertThat(withHistory.get("order_history")).extracting(entry -> entry.get("note").asText())
        .containsExactly("visible");
    assertThat(single.has("order_history")).as("undocumented on GET /orders/{id}: not supported").isFalse();
  }

  @Test
  void anOrderWithoutHistoryShowsAnEmptyList() {
    JsonNode found = api.get("/orders?get_order_history=1").json().get("orders").get(0);

    assertThat(found.get("order_history").isArray()).isTrue();
    assertThat(found.get("order_history")).isEmpty();
  }

  @Test
  void aReplacementLeavesHistoryAlone() {
    api.post(path, "{\"note\":\"kept\"}");
    ObjectNode body = order.deepCopy();
    body.putArray("order_history").addObject().put("note", "injected");

    assertThat(api.put("/orders/" + order.get("id").asText(), body).status()).isEqualTo(200);

    assertThat(sandbox.orderHistory(STORE, order.get("id").asText()))
        .extracting(entry -> entry.get("note").asText()).containsExactly("kept");
  }
}
