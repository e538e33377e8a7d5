package com.orderdeskmcp.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import org.junit.jupiter.api.Test;

class ErrorHandlingTest extends SandboxTestBase {

  @Test
  void malformedJsonIs400WithoutAStackTrace() {
    ApiClient.Reply reply = api.post("/orders", "{\"order_items\": [ {\"name\": }");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("status").asText()).isEqualTo("error");
    assertThat(reply.json().get("message").asText()).startsWith("Malformed JSON");
    assertThat(reply.raw()).doesNotContain("Exception").doesNotContain("at com.").doesNotContain("jackson");
  }

  @Test
  void trailingGarbageAfterJsonIsMalformed() {
    assertThat(api.post("/orders", "{} {}").status()).isEqualTo(400);
  }

  @Test
  void aBodyThatIsNotAnObjectIs400() {
    ApiClient.Reply reply = api.post("/orders", "[1,2,3]");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).isEqualTo("Request body must be a JSON object");
    assertThat(api.post("/orders", "").status()).isEqualTo(400);
  }

  @Test
  void unknownRouteIs404Envelope() {
    ApiClient.Reply reply = api.get("/nothing-here");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().get("status").asText()).isEqualTo("error");
    assertThat(ApiClient.anonymous("http://127.0.0.1:" + sandbox.port()).get("/elsewhere").status()).isEqualTo(404);
  }

  @Test
  void unsupportedMethodIs405Envelope() {
    ApiClient.Reply reply = api.send("PATCH", "/orders/1", "{}");

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.json().get("status").asText()).isEqualTo("error");
    assertThat(reply.header("Allow")).isEqualTo("DELETE, GET, PUT");
    assertThat(api.delete("/orders").status()).isEqualTo(405);
  }
}
