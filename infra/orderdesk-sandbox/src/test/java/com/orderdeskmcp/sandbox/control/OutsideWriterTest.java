package com.orderdeskmcp.sandbox.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Someone else changes the order between a client's GET and its PUT. */
class OutsideWriterTest extends SandboxTestBase {

  private String id;
  private String path;

  @BeforeEach
  void createOrder() {
    id = createViaApi(Orders.minimal()).get("id").asText();
    path = "/orders/" + id;
    clock.advance(Duration.ofMinutes(1));
  }

  @Test
  void afterTheNextGetTheClientsCopyIsStaleAndItsPutConflicts() {
    sandbox.modifyAfterNextGet(STORE, id, order -> order.put("shipping_method", "Changed by a person"));

    ObjectNode read = api.get(path).order();

    assertThat(read.get("shipping_method").asText()).as("the client got the old copy").isEqualTo("UPS Ground");
    ObjectNode stored = sandbox.order(STORE, id).orElseThrow();
    assertThat(stored.get("shipping_method").asText()).isEqualTo("Changed by a person");
    assertThat(stored.get("date_updated").asText()).isEqualTo("2025-03-14 09:27:53");
    ApiClient.Reply write = api.put(path, read.put("email", "mine@example.com"));
    assertThat(write.status()).isEqualTo(409);
    assertThat(write.json().get("message").asText()).contains("2025-03-14 09:27:53");
    ObjectNode reread = api.get(path).order();
    assertThat(api.put(path, reread.put("email", "mine@example.com")).status()).as("fires once").isEqualTo(200);
  }

  @Test
  void beforeTheNextPutTheWriteConflicts() {
    ObjectNode read = api.get(path).order();
    sandbox.modifyBeforeNextPut(STORE, id, order -> order.put("email", "theirs@example.com"));

    ApiClient.Reply write = api.put(path, read.put("email", "mine@example.com"));

    assertThat(write.status()).isEqualTo(409);
    assertThat(sandbox.order(STORE, id).orElseThrow().get("email").asText()).isEqualTo("theirs@example.com");
  }

  @Test
  void onlyTheNamedOrderAndStoreTriggerIt() {
    String other = createViaApi(Orders.minimal()).get("id").asText();
    sandbox.modifyAfterNextGet(STORE, id, order -> order.put("email", "x@example.com"));

    api.get("/orders/" + other);
    api.get("/orders");
    api.get(path + "/order-items");

    assertThat(sandbox.order(STORE, id).orElseThrow().get("email").asText()).isEqualTo("ada@example.com");
    api.get(path);
    assertThat(sandbox.order(STORE, id).orElseThrow().get("email").asText()).isEqualTo("x@example.com");
  }

  @Test
  void overTheControlApiWithAMergePatch() {
    ApiClient.Reply registered = control.post("/outside-writes", "{\"store_id\":\"" + STORE + "\",\"order_id\":\""
        + id + "\",\"trigger\":\"after_next_get\",\"patch\":{\"shipping\":{\"city\":\"Paris\"},\"tax_total\":0}}");

    ObjectNode read = api.get(path).order();

    assertThat(registered.status()).isEqualTo(200);
    ObjectNode stored = sandbox.order(STORE, id).orElseThrow();
    assertThat(stored.get("shipping").get("city").asText()).isEqualTo("Paris");
    assertThat(stored.get("shipping").get("first_name").asText()).as("merged, not replaced").isEqualTo("Ada");
    assertThat(stored.get("order_total").decimalValue()).isEqualByComparingTo(
        read.get("order_total").decimalValue().subtract(read.get("tax_total").decimalValue()));
    assertThat(api.put(path, read).status()).isEqualTo(409);
  }

  @Test
  void anImmediateOutsideWriteOverTheControlApi() {
    control.post("/outside-writes", "{\"store_id\":\"" + STORE + "\",\"order_id\":\"" + id
        + "\",\"trigger\":\"now\",\"patch\":{\"email\":\"ui@example.com\"}}");

    assertThat(sandbox.order(STORE, id).orElseThrow().get("email").asText()).isEqualTo("ui@example.com");
    assertThat(control.post("/outside-writes", "{\"store_id\":\"" + STORE + "\",\"order_id\":\"1\","
        + "\"trigger\":\"now\",\"patch\":{}}").status()).isEqualTo(404);
    assertThat(control.post("/outside-writes", "{\"store_id\":\"" + STORE + "\",\"order_id\":\"" + id
        + "\",\"trigger\":\"whenever\",\"patch\":{}}").status()).isEqualTo(400);
    assertThat(control.post("/outside-writes", "{\"store_id\":\"" + STORE + "\",\"order_id\":\"" + id
        + "\",\"patch\":[]}").status()).isEqualTo(400);
  }

  @Test
  void resetDropsPendingOutsideWrites() {
    sandbox.modifyAfterNextGet(STORE, id, order -> order.put("email", "x@example.com"));

    sandbox.reset();
    api.get(path);

    assertThat(sandbox.order(STORE, id).orElseThrow().get("email").asText()).isEqualTo("ada@example.com");
  }
}
