package com.orderdeskmcp.sandbox.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import java.time.Duration;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's own 409 extension: a PUT built from a stale read is refused. */
class ConflictTest extends SandboxTestBase {

  private ObjectNode read;
  private String path;

  @BeforeEach
  void createAndRead() {
    String id = createViaApi(Orders.minimal()).get("id").asText();
    path = "/orders/" + id;
    read = api.get(path).order();
  }

  @Test
  void putWithAStaleDateUpdatedIs409AndChangesNothing() {
    api.put(path, read.deepCopy().put("email", "first@example.com"));
    ObjectNode afterFirstWrite = sandbox.order(STORE, read.get("id").asText()).orElseThrow();

    ApiClient.Reply reply = api.put(path, read.deepCopy().put("email", "second@example.com"));

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.json().get("status").asText()).isEqualTo("error");
    assertThat(reply.json().get("message").asText())
        .isEqualTo("Order was modified since 2025-03-14 09:26:53 (date_updated 2025-03-14 09:26:54)");
    assertThat(sandbox.order(STORE, read.get("id").asText())).contains(afterFirstWrite);
  }

  @Test
  void anOutsideWriteInTheSameSecondMakesEarlierReadsStale() {
    sandbox.modifyOrder(STORE, read.get("id").asText(), order -> order.put("email", "ui@example.com"));

    ApiClient.Reply reply = api.put(path, read);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(api.get(path).order().get("email").asText()).isEqualTo("ui@example.com");
  }

  @Test
  void putWithTheCurrentDateUpdatedIsAccepted() {
    clock.advance(Duration.ofSeconds(30));

    ApiClient.Reply reply = api.put(path, read.deepCopy().put("email", "new@example.com"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.order().get("email").asText()).isEqualTo("new@example.com");
  }

  @Test
  void putWithoutDateUpdatedIsAcceptedEvenAfterOtherWrites() {
    sandbox.modifyOrder(STORE, read.get("id").asText(), order -> order.put("email", "ui@example.com"));

    ObjectNode body = read.deepCopy().put("email", "mine@example.com");
    body.remove("date_updated");

    ApiClient.Reply reply = api.put(path, body);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.order().get("email").asText()).isEqualTo("mine@example.com");
  }

  @Test
  void unreadableDateUpdatedIsABadRequest() {
    ApiClient.Reply reply = api.put(path, read.deepCopy().put("date_updated", "yesterday"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).contains("date_updated");
  }

  @Test
  void modifyOrderRecomputesTotalsAndGivesNewItemsIds() {
    String id = read.get("id").asText();

    sandbox.modifyOrder(STORE, id, order -> order.withArrayProperty("order_items")
        .add(Orders.item("NEW", "New thing", "100", 1)));

    ObjectNode order = sandbox.order(STORE, id).orElseThrow();
    assertThat(order.get("product_total").decimalValue()).isEqualByComparingTo("125.50");
    assertThat(order.get("order_items").get(2).get("id").asText()).matches("\\d+");
    assertThat(order.get("date_updated").asText()).isGreaterThan(read.get("date_updated").asText());
    assertThatThrownBy(() -> sandbox.modifyOrder(STORE, "404", o -> { }))
        .isInstanceOf(NoSuchElementException.class);
  }
}
