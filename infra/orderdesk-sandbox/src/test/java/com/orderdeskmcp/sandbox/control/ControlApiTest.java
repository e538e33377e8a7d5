package com.orderdeskmcp.sandbox.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import org.junit.jupiter.api.Test;

class ControlApiTest extends SandboxTestBase {

  @Test
  void failNextOverHttp() {
    String id = createViaApi(Orders.minimal()).get("id").asText();

    ApiClient.Reply registered = control.post("/fail-next",
        "{\"store_id\":\"1001\",\"order_id\":\"" + id + "\",\"method\":\"get\",\"status\":503,\"times\":1}");

    assertThat(registered.status()).isEqualTo(200);
    assertThat(registered.json().get("status").asText()).isEqualTo("success");
    assertThat(api.get("/orders/" + id).status()).isEqualTo(503);
    assertThat(api.get("/orders/" + id).status()).isEqualTo(200);
  }

  @Test
  void failNextValidatesItsBody() {
    assertThat(control.post("/fail-next", "{\"status\":500}").status()).isEqualTo(400);
    assertThat(control.post("/fail-next", "{\"store_id\":\"1001\"}").status()).isEqualTo(400);
    assertThat(control.post("/fail-next", "{\"store_id\":\"1001\",\"status\":200}").status()).isEqualTo(400);
    assertThat(control.post("/fail-next", "not json").status()).isEqualTo(400);
  }

  @Test
  void requestLogOverHttp() {
    api.get("/test");
    api.post("/orders", "{}");

    JsonNode json = control.get("/requests").json();

    assertThat(json.get("total_records").asInt()).isEqualTo(2);
    JsonNode second = json.get("requests").get(1);
    assertThat(second.get("method").asText()).isEqualTo("POST");
    assertThat(second.get("path").asText()).isEqualTo("/api/v2/orders");
    assertThat(second.get("status").asInt()).isEqualTo(400);
    assertThat(second.get("store_id").asText()).isEqualTo(STORE);
    assertThat(second.get("body").asText()).isEqualTo("{}");
    assertThat(second.get("order_id").isNull()).isTrue();
  }

  @Test
  void resetOverHttp() {
    api.get("/test");
    sandbox.failNext(STORE, null, null, 500, 1);

    assertThat(control.post("/reset", "").status()).isEqualTo(200);

    assertThat(sandbox.requests()).isEmpty();
    assertThat(api.get("/test").status()).isEqualTo(200);
  }

  @Test
  void rawStoredOrderOverHttp() {
    String id = createViaApi(Orders.minimal()).get("id").asText();

    ApiClient.Reply reply = control.get("/stores/" + STORE + "/orders/" + id);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.order()).isEqualTo(sandbox.order(STORE, id).orElseThrow());
    assertThat(control.get("/stores/" + STORE + "/orders/1").status()).isEqualTo(404);
    assertThat(control.get("/stores/nope/orders/" + id).status()).isEqualTo(404);
  }

  @Test
  void storeCredentialsNeverOpenTheControlApi() {
    ApiClient withStoreCredentials = ApiClient.of(sandbox.controlUrl(), STORE, KEY);
    ApiClient wrongToken = ApiClient.control(sandbox.controlUrl(), KEY);

    ApiClient.Reply reply = withStoreCredentials.post("/reset", "");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.json().get("status").asText()).isEqualTo("error");
    assertThat(reply.json().get("message").asText()).contains("X-Sandbox-Control-Token");
    assertThat(wrongToken.get("/requests").status()).isEqualTo(401);
    assertThat(ApiClient.anonymous(sandbox.controlUrl()).get("/stats").status()).isEqualTo(401);
    assertThat(sandbox.controlToken()).hasSize(32).isNotEqualTo(KEY);
  }

  @Test
  void theApiDoesNotAcceptTheControlToken() {
    ApiClient.Reply reply = api.send("GET", "/test", null, "X-Sandbox-Control-Token", sandbox.controlToken());
    ApiClient tokenOnly = ApiClient.control(sandbox.baseUrl(), sandbox.controlToken());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(tokenOnly.get("/test").status()).isEqualTo(401);
  }

  @Test
  void controlCallsAreNotLoggedAndNeverShowKeys() {
    api.get("/test");

    ApiClient.Reply reply = control.get("/requests");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("total_records").asInt()).isEqualTo(1);
    assertThat(reply.raw()).doesNotContain(KEY);
    assertThat(sandbox.requests()).hasSize(1);
  }

  @Test
  void aFixedTokenCanBeConfigured() {
    try (OrderDeskSandbox fixed = OrderDeskSandbox.start(options().withControlToken("let-me-in"))) {
      assertThat(fixed.controlToken()).isEqualTo("let-me-in");
      assertThat(ApiClient.control(fixed.controlUrl(), "let-me-in").get("/stats").status()).isEqualTo(200);
      assertThat(fixed.options().toString()).doesNotContain("let-me-in");
    }
  }

  @Test
  void unknownControlEndpointIs404AndWrongMethodIs405() {
    assertThat(control.get("/nothing").status()).isEqualTo(404);
    ApiClient.Reply reply = control.get("/reset");
    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.header("Allow")).isEqualTo("POST");
  }
}
