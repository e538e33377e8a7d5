package com.orderdeskmcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.support.Orders;
import org.junit.jupiter.api.Test;

class JavaApiTest extends SandboxTestBase {

  @Test
  void baseUrlIsLoopbackWithTheApiPrefix() {
    assertThat(sandbox.port()).isPositive();
    assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port() + "/api/v2");
  }

  @Test
  void addStoreIsIdempotent() {
    String id = sandbox.createOrder(STORE, Orders.minimal()).get("id").asText();

    sandbox.addStore(STORE, KEY);

    assertThat(sandbox.order(STORE, id)).isPresent();
    assertThat(api.get("/test").status()).isEqualTo(200);
  }

  @Test
  void callsForAnUnknownStoreFailLoudly() {
    assertThatThrownBy(() -> sandbox.createOrder("nope", Orders.minimal()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> sandbox.seedOrders("nope", 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void createOrderDoesNotKeepTheCallersNode() {
    ObjectNode body = Orders.minimal();
    String id = sandbox.createOrder(STORE, body).get("id").asText();

    body.put("email", "changed@example.com");

    assertThat(sandbox.order(STORE, id).orElseThrow().get("email").asText()).isEqualTo("ada@example.com");
  }

  @Test
  void javaCallsBypassTheRequestLogAndFaults() {
    sandbox.failNext(STORE, null, null, 500, 1);

    sandbox.createOrder(STORE, Orders.minimal());

    assertThat(sandbox.requests()).isEmpty();
    assertThat(api.get("/test").status()).isEqualTo(500);
  }

  @Test
  void aThrowingOutsideWriterChangesNothing() {
    ObjectNode order = sandbox.createOrder(STORE, Orders.minimal());
    String id = order.get("id").asText();

    assertThatThrownBy(() -> sandbox.modifyOrder(STORE, id, o -> {
      o.put("email", "half-written@example.com");
      throw new IllegalStateException("boom");
    })).hasMessage("boom");

    assertThat(sandbox.order(STORE, id)).contains(order);
  }

  @Test
  void closeStopsTheServer() {
    int port = sandbox.port();
    sandbox.close();

    assertThatThrownBy(() -> com.orderdeskmcp.sandbox.support.ApiClient
        .of("http://127.0.0.1:" + port + "/api/v2", STORE, KEY).get("/test"))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }
}
