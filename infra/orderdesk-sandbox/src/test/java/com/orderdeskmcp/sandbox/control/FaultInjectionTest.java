package com.orderdeskmcp.sandbox.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.RecordedRequest;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest extends SandboxTestBase {

  private ObjectNode order;
  private String path;

  @BeforeEach
  void createOrder() {
    order = createViaApi(Orders.minimal());
    path = "/orders/" + order.get("id").asText();
    sandbox.reset();
  }

  @Test
  void failNextAnswersTheGivenNumberOfTimesThenNormally() {
    sandbox.failNext(STORE, order.get("id").asText(), "PUT", 503, 2);
    ObjectNode change = order.deepCopy().put("email", "changed@example.com");

    ApiClient.Reply first = api.put(path, change);
    ApiClient.Reply second = api.put(path, change);
    ObjectNode untouched = sandbox.order(STORE, order.get("id").asText()).orElseThrow();
    ApiClient.Reply third = api.put(path, change);

    assertThat(first.status()).isEqualTo(503);
    assertThat(first.json().get("status").asText()).isEqualTo("error");
    assertThat(second.status()).isEqualTo(503);
    assertThat(untouched).isEqualTo(order);
    assertThat(third.status()).isEqualTo(200);
    assertThat(third.order().get("email").asText()).isEqualTo("changed@example.com");
  }

  @Test
  void onlyMatchingRequestsAreFailed() {
    sandbox.failNext(STORE, order.get("id").asText(), "PUT", 500, 1);
    sandbox.addStore("2002", "other-key");

    assertThat(api.get(path).status()).isEqualTo(200);
    assertThat(api.get("/orders").status()).isEqualTo(200);
    assertThat(ApiClient.of(sandbox.baseUrl(), "2002", "other-key").put(path, order).status()).isEqualTo(404);
    String otherId = createViaApi(Orders.minimal()).get("id").asText();
    assertThat(api.put("/orders/" + otherId, Orders.minimal()).status()).isEqualTo(200);

    assertThat(api.put(path, order).status()).isEqualTo(500);
    assertThat(api.put(path, order).status()).isEqualTo(200);
  }

  @Test
  void nullOrderAndMethodMatchAnyRequestOfTheStore() {
    sandbox.failNext(STORE, null, null, 502, 2);

    assertThat(api.get("/test").status()).isEqualTo(502);
    assertThat(api.post("/orders", Orders.minimal()).status()).isEqualTo(502);
    assertThat(api.get("/orders").json().get("total_records").asInt()).isEqualTo(1);
  }

  @Test
  void injected409CarriesTheConflictMessage() {
    sandbox.failNext(STORE, order.get("id").asText(), "PUT", 409, 1);

    ApiClient.Reply reply = api.put(path, order);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.json().get("message").asText())
        .isEqualTo("Order was modified since " + order.get("date_updated").asText()
            + " (date_updated " + order.get("date_updated").asText() + ")");
  }

  @Test
  void injected429TellsWhenToRetry() {
    sandbox.failNext(STORE, null, "GET", 429, 1);

    ApiClient.Reply reply = api.get(path);

    assertThat(reply.status()).isEqualTo(429);
    assertThat(reply.header("X-Retry-After")).isEqualTo("1");
  }

  @Test
  void everyRequestIsRecordedWithItsOutcome() {
    sandbox.failNext(STORE, null, "DELETE", 500, 1);
    api.get(path);
    api.put(path, "{\"email\":");
    api.delete(path);
    ApiClient.anonymous(sandbox.baseUrl()).get("/orders");

    List<RecordedRequest> requests = sandbox.requests();

    assertThat(requests).extracting(RecordedRequest::method, RecordedRequest::status, RecordedRequest::orderId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GET", 200, order.get("id").asText()),
            org.assertj.core.groups.Tuple.tuple("PUT", 400, order.get("id").asText()),
            org.assertj.core.groups.Tuple.tuple("DELETE", 500, order.get("id").asText()),
            org.assertj.core.groups.Tuple.tuple("GET", 401, null));
    assertThat(requests.get(1).body()).isEqualTo("{\"email\":");
    assertThat(requests.get(1).path()).isEqualTo("/api/v2" + path);
    assertThat(requests.get(1).storeId()).isEqualTo(STORE);
    assertThat(requests.get(3).storeId()).isNull();
    assertThat(requests.getFirst().at()).isEqualTo(clock.instant());
    assertThat(sandbox.countRequests(STORE, "get", null)).isEqualTo(1);
    assertThat(sandbox.countRequests(null, null, order.get("id").asText())).isEqualTo(3);
    assertThat(sandbox.countRequests(null, null, null)).isEqualTo(4);
  }

  @Test
  void resetClearsFaultsAndTheLogButNotOrders() {
    sandbox.failNext(STORE, null, null, 500, 5);
    api.get("/test");

    sandbox.reset();

    assertThat(sandbox.requests()).isEmpty();
    assertThat(api.get(path).status()).isEqualTo(200);
    assertThat(sandbox.requests()).hasSize(1);
  }

  @Test
  void requestsReturnsASnapshot() {
    api.get("/test");
    List<RecordedRequest> snapshot = sandbox.requests();

    api.get("/test");

    assertThat(snapshot).hasSize(1);
    assertThatThrownBy(() -> snapshot.add(snapshot.getFirst())).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void faultsMustBeErrorsAndApplyAtLeastOnce() {
    assertThatThrownBy(() -> sandbox.failNext(STORE, null, null, 200, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sandbox.failNext(STORE, null, null, 500, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
