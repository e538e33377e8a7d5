package com.orderdeskmcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.orderdeskmcp.sandbox.support.ApiClient;
import org.junit.jupiter.api.Test;

class AuthenticationTest extends SandboxTestBase {

  @Test
  void requestWithoutCredentialsIsRejected() {
    ApiClient.Reply reply = ApiClient.anonymous(sandbox.baseUrl()).get("/test");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.json().get("status").asText()).isEqualTo("error");
    assertThat(reply.json().get("message").asText()).contains("ORDERDESK-STORE-ID");
  }

  @Test
  void requestWithOnlyTheStoreIdIsRejected() {
    ApiClient.Reply reply = ApiClient.of(sandbox.baseUrl(), STORE, null).get("/orders");

    assertThat(reply.status()).isEqualTo(401);
  }

  @Test
  void wrongKeyIsRejectedWithoutRevealingAnyKey() {
    ApiClient.Reply reply = ApiClient.of(sandbox.baseUrl(), STORE, "guessed-key").get("/orders");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.json().get("status").asText()).isEqualTo("error");
    assertThat(reply.raw()).doesNotContain(KEY).doesNotContain("guessed-key");
  }

  @Test
  void unknownStoreGetsTheSameAnswerAsAWrongKey() {
    ApiClient.Reply unknownStore = ApiClient.of(sandbox.baseUrl(), "9999", KEY).get("/test");
    ApiClient.Reply wrongKey = ApiClient.of(sandbox.baseUrl(), STORE, "nope").get("/test");

    assertThat(unknownStore.status()).isEqualTo(401);
    assertThat(unknownStore.json()).isEqualTo(wrongKey.json());
  }

  @Test
  void keyOfAnotherStoreDoesNotOpenThisOne() {
    sandbox.addStore("2002", "other-key");

    assertThat(ApiClient.of(sandbox.baseUrl(), STORE, "other-key").get("/test").status()).isEqualTo(401);
    assertThat(ApiClient.of(sandbox.baseUrl(), "2002", "other-key").get("/test").status()).isEqualTo(200);
  }

  @Test
  void everyOrderRouteNeedsCredentials() {
    ApiClient anonymous = ApiClient.anonymous(sandbox.baseUrl());

    assertThat(anonymous.get("/orders").status()).isEqualTo(401);
    assertThat(anonymous.get("/orders/1").status()).isEqualTo(401);
    assertThat(anonymous.post("/orders", "{}").status()).isEqualTo(401);
    assertThat(anonymous.put("/orders/1", "{}").status()).isEqualTo(401);
    assertThat(anonymous.delete("/orders/1").status()).isEqualTo(401);
    assertThat(anonymous.get("/store").status()).isEqualTo(401);
  }

  @Test
  void reAddingAStoreWithANewKeyRotatesItAndKeepsItsOrders() {
    String id = createViaApi(com.orderdeskmcp.sandbox.support.Orders.minimal()).get("id").asText();

    sandbox.addStore(STORE, "rotated");

    assertThat(api.get("/test").status()).isEqualTo(401);
    ApiClient rotated = ApiClient.of(sandbox.baseUrl(), STORE, "rotated");
    assertThat(rotated.get("/orders/" + id).status()).isEqualTo(200);
  }
}
