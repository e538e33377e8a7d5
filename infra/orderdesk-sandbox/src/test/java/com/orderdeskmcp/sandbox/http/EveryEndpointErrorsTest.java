package com.orderdeskmcp.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every route answers errors with the envelope, as JSON, and never with a stack trace. */
class EveryEndpointErrorsTest extends SandboxTestBase {

  private record Call(String method, String path, String body) {
  }

  private String orderId;
  private String itemId;
  private String shipmentId;

  @BeforeEach
  void createData() {
    var order = createViaApi(Orders.minimal());
    orderId = order.get("id").asText();
    itemId = order.get("order_items").get(0).get("id").asText();
    api.post("/orders/" + orderId + "/shipments", "{\"tracking_number\":\"1Z999AA10123456784\"}");
    shipmentId = api.get("/orders/" + orderId + "/shipments").json().get("shipments").get(0).get("id").asText();
  }

  private List<Call> everyRoute(String order, String item, String shipment, String inventory, String body) {
    return List.of(
        new Call("GET", "/test", null),
        new Call("GET", "/store", null),
        new Call("GET", "/orders", null),
        new Call("POST", "/orders", body),
        new Call("GET", "/orders/" + order, null),
        new Call("PUT", "/orders/" + order, body),
        new Call("DELETE", "/orders/" + order, null),
        new Call("GET", "/orders/" + order + "/order-items", null),
        new Call("POST", "/orders/" + order + "/order-items", body),
        new Call("GET", "/orders/" + order + "/order-items/" + item, null),
        new Call("PUT", "/orders/" + order + "/order-items/" + item, body),
        new Call("DELETE", "/orders/" + order + "/order-items/" + item, null),
        new Call("POST", "/orders/" + order + "/order-history", body),
        new Call("GET", "/orders/" + order + "/shipments", null),
        new Call("POST", "/orders/" + order + "/shipments", body),
        new Call("GET", "/orders/" + order + "/shipments/" + shipment, null),
        new Call("PUT", "/orders/" + order + "/shipments/" + shipment, body),
        new Call("DELETE", "/orders/" + order + "/shipments/" + shipment, null),
        new Call("POST", "/batch-shipments", body),
        new Call("POST", "/move-orders", body),
        new Call("GET", "/inventory-items", null),
        new Call("POST", "/inventory-items", body),
        new Call("GET", "/inventory-items/" + inventory, null),
        new Call("PUT", "/inventory-items/" + inventory, body),
        new Call("DELETE", "/inventory-items/" + inventory, null),
        new Call("PUT", "/batch-inventory-items", body));
  }

  @Test
  void withoutCredentialsEveryRouteIs401() {
    ApiClient anonymous = ApiClient.anonymous(sandbox.baseUrl());
    for (Call call : everyRoute(orderId, itemId, shipmentId, "1", "{}")) {
      assertError(anonymous.send(call.method(), call.path(), call.body()), 401, call);
    }
    assertThat(sandbox.order(STORE, orderId)).isPresent();
  }

  @Test
  void unknownIdsAre404() {
    int checked = 0;
    for (Call call : everyRoute("1", "1", "1", "1", "{\"note\":\"n\",\"tracking_number\":\"x\",\"name\":\"n\",\"code\":\"c\"}")) {
      if (call.path().matches("/(orders/1(/.*)?|inventory-items/1)")) {
        assertError(api.send(call.method(), call.path(), call.body()), 404, call);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(17);
    for (Call call : everyRoute(orderId, "1", "1", "1", "{\"tracking_number\":\"y\"}")) {
      if (call.path().matches("/orders/\\d+/(order-items|shipments)/1")) {
        assertError(api.send(call.method(), call.path(), call.body()), 404, call);
      }
    }
  }

  @Test
  void malformedJsonIs400OnEveryWrite() {
    for (Call call : everyRoute(orderId, itemId, shipmentId, "1", "{\"broken\":")) {
      if (call.body() != null) {
        assertError(api.send(call.method(), call.path(), call.body()), 400, call);
      }
    }
  }

  @Test
  void theWrongKindOfJsonIs400OnEveryWrite() {
    for (Call call : everyRoute(orderId, itemId, shipmentId, "1", "\"just a string\"")) {
      if (call.body() != null) {
        assertError(api.send(call.method(), call.path(), call.body()), 400, call);
      }
    }
  }

  private static void assertError(ApiClient.Reply reply, int status, Call call) {
    assertThat(reply.status()).as(call.toString()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).as(call.toString()).startsWith("application/json");
    assertThat(reply.json().get("status").asText()).as(call.toString()).isEqualTo("error");
    assertThat(reply.json().get("message").asText()).as(call.toString()).isNotBlank();
    assertThat(reply.raw()).as(call.toString()).doesNotContain("Exception").doesNotContain("\tat ")
        .doesNotContain("at com.").doesNotContain("jackson");
  }
}
