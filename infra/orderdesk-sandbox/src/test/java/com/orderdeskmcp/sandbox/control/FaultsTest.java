package com.orderdeskmcp.sandbox.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.RecordedRequest;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Path-pattern faults, latency, hung requests and dropped connections, through real HTTP. */
class FaultsTest extends SandboxTestBase {

  private String id;
  private String path;

  @BeforeEach
  void createOrder() {
    id = createViaApi(Orders.minimal()).get("id").asText();
    path = "/orders/" + id;
    sandbox.reset();
  }

  @Test
  void failNextByPathPattern() {
    sandbox.failNext(RequestMatcher.store(STORE).path("/orders/*/shipments"), 503, 1);

    assertThat(api.get(path).status()).isEqualTo(200);
    assertThat(api.get(path + "/order-items").status()).isEqualTo(200);
    assertThat(api.get(path + "/shipments").status()).isEqualTo(503);
    assertThat(api.get(path + "/shipments").status()).isEqualTo(200);
  }

  @Test
  void doubleStarMatchesAnyDepthAndMethodAnyCase() {
    sandbox.failNext(RequestMatcher.any().path("/orders/**").method("post"), 500, 3);

    assertThat(api.get(path).status()).isEqualTo(200);
    assertThat(api.post("/orders", Orders.minimal()).status()).isEqualTo(500);
    assertThat(api.post(path + "/order-history", "{\"note\":\"n\"}").status()).isEqualTo(500);
    assertThat(api.post(path + "/order-items", Orders.item("A", "A", "1", 1)).status()).isEqualTo(500);
    assertThat(api.post(path + "/order-items", Orders.item("A", "A", "1", 1)).status()).isEqualTo(200);
  }

  @Test
  void latencyDelaysMatchingRequestsOnly() {
    sandbox.addLatency(RequestMatcher.store(STORE).path("/orders/{id}").method("GET"), Duration.ofMillis(500),
        Duration.ofMillis(100));

    long slow = timeMillis(() -> assertThat(api.get(path).status()).isEqualTo(200));
    long fast = timeMillis(() -> assertThat(api.get("/test").status()).isEqualTo(200));
    long slowAgain = timeMillis(() -> assertThat(api.get(path).status()).isEqualTo(200));

    assertThat(slow).isBetween(500L, 3_000L);
    assertThat(slowAgain).as("latency lasts until reset").isGreaterThanOrEqualTo(500L);
    assertThat(fast).isLessThan(500L);
    sandbox.reset();
    assertThat(timeMillis(() -> api.get(path))).isLessThan(500L);
  }

  @Test
  void resetEndsAnInjectedDelayEarly() throws Exception {
    sandbox.addLatency(RequestMatcher.store(STORE).path("/test"), Duration.ofMinutes(5), Duration.ZERO);
    var reply = new java.util.concurrent.CompletableFuture<ApiClient.Reply>();
    Thread.ofVirtual().start(() -> reply.complete(api.get("/test")));
    await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.stats(STORE).total() == 1);

    sandbox.reset();

    assertThat(reply.get(5, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
  }

  @Test
  void aHungRequestTimesTheClientOutAndTakesNoEffect() {
    ObjectNode before = sandbox.order(STORE, id).orElseThrow();
    sandbox.hangNext(RequestMatcher.store(STORE).method("PUT"), Duration.ofSeconds(30), 1);
    ApiClient impatient = api.withTimeout(Duration.ofMillis(300));

    assertThatThrownBy(() -> impatient.put(path, before.deepCopy().put("email", "late@example.com")))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);

    assertThat(sandbox.order(STORE, id)).contains(before);
    assertThat(sandbox.requests()).singleElement()
        .satisfies(request -> assertThat(request.status()).as("no answer").isZero());
    sandbox.reset(); // releases the hung request
    assertThat(api.put(path, before.deepCopy().put("email", "now@example.com")).status()).isEqualTo(200);
  }

  @Test
  void aHangCanApplyTheRequestFirst() {
    control.post("/faults", "{\"type\":\"hang\",\"store_id\":\"" + STORE + "\",\"method\":\"POST\",\"path\":\"/orders\","
        + "\"duration_ms\":30000,\"apply\":true}");
    ApiClient impatient = api.withTimeout(Duration.ofMillis(300));

    assertThatThrownBy(() -> impatient.post("/orders", Orders.minimal().put("email", "hung@example.com")))
        .hasCauseInstanceOf(HttpTimeoutException.class);

    assertThat(api.get("/orders?email=hung@example.com").json().get("total_records").asInt()).isEqualTo(1);
    control.delete("/faults");
  }

  @Test
  void dropAfterApplyMakesTheChangeButNeverAnswers() {
    sandbox.dropAfterApplyNext(RequestMatcher.store(STORE).method("POST").path("/orders"), 1);

    assertThatThrownBy(() -> api.post("/orders", Orders.minimal().put("email", "did-it-happen@example.com")))
        .isInstanceOf(UncheckedIOException.class);

    assertThat(api.get("/orders?email=did-it-happen@example.com").json().get("total_records").asInt())
        .as("the create happened").isEqualTo(1);
    assertThat(sandbox.requests(RequestMatcher.any().method("POST"))).singleElement()
        .extracting(RecordedRequest::status).isEqualTo(0);
    assertThat(api.post("/orders", Orders.minimal()).status()).isEqualTo(200);
  }

  @Test
  void dropAfterApplyOnAReplacement() {
    ObjectNode order = sandbox.order(STORE, id).orElseThrow();
    sandbox.dropAfterApplyNext(RequestMatcher.store(STORE).order(id).method("PUT"), 1);

    assertThatThrownBy(() -> api.put(path, order.deepCopy().put("email", "applied@example.com")))
        .isInstanceOf(UncheckedIOException.class);

    assertThat(sandbox.order(STORE, id).orElseThrow().get("email").asText()).isEqualTo("applied@example.com");
  }

  @Test
  void aDropBeforeApplyChangesNothing() {
    ObjectNode order = sandbox.order(STORE, id).orElseThrow();
    sandbox.inject(RequestMatcher.store(STORE).method("PUT"), Fault.dropBeforeApply(), 1);

    assertThatThrownBy(() -> api.put(path, order.deepCopy().put("email", "never@example.com")))
        .isInstanceOf(UncheckedIOException.class);

    assertThat(sandbox.order(STORE, id)).contains(order);
  }

  @Test
  void faultsOverTheControlApi() {
    assertThat(control.post("/faults", "{\"type\":\"status\",\"status\":502,\"path\":\"/test\",\"times\":2}").status())
        .isEqualTo(200);
    assertThat(control.post("/faults", "{\"type\":\"latency\",\"store_id\":\"" + STORE + "\",\"path\":\"/store\","
        + "\"fixed_ms\":1}").status()).isEqualTo(200);

    var listed = control.get("/faults").json();
    assertThat(listed.get("total_records").asInt()).isEqualTo(2);
    assertThat(listed.get("faults").get(0).get("times").asText()).isEqualTo("2");
    assertThat(listed.get("faults").get(1).get("times").asText()).isEqualTo("until_reset");
    assertThat(api.get("/test").status()).isEqualTo(502);
    assertThat(control.get("/faults").json().get("faults").get(0).get("times").asText()).isEqualTo("1");
    assertThat(control.delete("/faults").status()).isEqualTo(200);
    assertThat(api.get("/test").status()).isEqualTo(200);
  }

  @Test
  void badFaultsAre400() {
    assertThat(control.post("/faults", "{\"type\":\"gremlins\"}").status()).isEqualTo(400);
    assertThat(control.post("/faults", "{\"type\":\"status\"}").status()).isEqualTo(400);
    assertThat(control.post("/faults", "{\"type\":\"status\",\"status\":302}").status()).isEqualTo(400);
    assertThat(control.post("/faults", "{\"type\":\"latency\",\"fixed_ms\":-5}").status()).isEqualTo(400);
    assertThat(control.post("/faults", "{\"type\":\"drop\",\"path\":\"orders\"}").status()).isEqualTo(400);
    assertThat(control.post("/faults", "{\"type\":\"drop\",\"times\":0}").status()).isEqualTo(400);
    assertThat(control.post("/faults", "{\"type\":\"hang\",\"apply\":\"yes\"}").status()).isEqualTo(400);
    assertThat(sandbox.faults()).isEmpty();
  }

  @Test
  void closingReleasesHungRequests() {
    sandbox.hangNext(RequestMatcher.any(), Duration.ofMinutes(5), 1);
    Thread client = Thread.ofVirtual().start(() -> {
      try {
        api.get("/test");
      } catch (UncheckedIOException expected) {
        // the connection is closed
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.requests().size() == 1);

    sandbox.close();

    await().atMost(Duration.ofSeconds(5)).until(() -> !client.isAlive());
  }

  private static long timeMillis(Runnable action) {
    long started = System.nanoTime();
    action.run();
    return (System.nanoTime() - started) / 1_000_000;
  }
}
