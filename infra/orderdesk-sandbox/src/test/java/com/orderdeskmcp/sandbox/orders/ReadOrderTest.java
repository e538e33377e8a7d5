package com.orderdeskmcp.sandbox.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import org.junit.jupiter.api.Test;

class ReadOrderTest extends SandboxTestBase {

  @Test
  void getAnswersTheOrderEnvelopeWithTheTimingMessage() {
    String id = createViaApi(Orders.minimal()).get("id").asText();

    ApiClient.Reply reply = api.get("/orders/" + id);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("status").asText()).isEqualTo("success");
    assertThat(reply.json().get("message").asText()).matches("Execution took \\d+\\.\\d{4} seconds");
    assertThat(reply.json().has("execution_time")).isFalse();
    assertThat(reply.order().get("id").asText()).isEqualTo(id);
  }

  @Test
  void wireTypesFollowOrderDesksQuirks() {
    String id = createViaApi(Orders.minimal()).get("id").asText();

    ObjectNode order = api.get("/orders/" + id).order();

    assertThat(order.get("id").isTextual()).isTrue();
    assertThat(order.get("folder_id").isInt()).isTrue();
    assertThat(order.get("email_count").isTextual()).isTrue();
    assertThat(order.get("customer_id").isTextual()).isTrue();
    assertThat(order.get("order_items").get(0).get("id").isTextual()).isTrue();
    assertThat(order.get("order_items").get(0).get("quantity").isInt()).isTrue();
    assertThat(order.get("product_total").isNumber()).isTrue();
    assertThat(order.get("checkout_data").isObject()).isTrue();
    assertThat(order.get("shipping").get("address4").isTextual()).isTrue();
    assertThat(order.get("return_address").get("title").asText()).isEmpty();
  }

  @Test
  void unknownOrderIs404WithAnErrorEnvelope() {
    ApiClient.Reply reply = api.get("/orders/424242");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().get("status").asText()).isEqualTo("error");
    assertThat(reply.json().get("message").asText()).contains("424242");
  }

  @Test
  void ordersOfAnotherStoreAreInvisible() {
    String id = createViaApi(Orders.minimal()).get("id").asText();
    sandbox.addStore("2002", "other-key");

    ApiClient.Reply reply = ApiClient.of(sandbox.baseUrl(), "2002", "other-key").get("/orders/" + id);

    assertThat(reply.status()).isEqualTo(404);
  }

  @Test
  void javaApiReturnsACopyThatCannotChangeStoredState() {
    String id = createViaApi(Orders.minimal()).get("id").asText();

    sandbox.order(STORE, id).orElseThrow().put("email", "mutated@example.com");

    assertThat(sandbox.order(STORE, id).orElseThrow().get("email").asText()).isEqualTo("ada@example.com");
    assertThat(sandbox.order(STORE, "nope")).isEmpty();
  }

  @Test
  void deleteRemovesTheOrder() {
    String id = createViaApi(Orders.minimal()).get("id").asText();

    ApiClient.Reply reply = api.delete("/orders/" + id);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("message").asText()).isEqualTo("Order " + id + " Deleted");
    assertThat(reply.json().get("execution_time").asText()).endsWith(" seconds");
    assertThat(api.get("/orders/" + id).status()).isEqualTo(404);
    assertThat(api.delete("/orders/" + id).status()).isEqualTo(404);
  }
}
