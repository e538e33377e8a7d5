package com.orderdeskmcp.sandbox.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Counts per store, method and route, and the peak one-second rate, on the sandbox's clock. */
class RequestStatsTest extends SandboxTestBase {

  @Test
  void countsPerStoreMethodRouteAndStatus() {
    sandbox.addStore("2002", "key-2002");
    String id = createViaApi(Orders.minimal()).get("id").asText();
    api.get("/orders/" + id);
    api.get("/orders/" + id);
    api.get("/orders/1");
    api.put("/orders/" + id, Orders.minimal());
    ApiClient.of(sandbox.baseUrl(), "2002", "key-2002").get("/test");
    ApiClient.of(sandbox.baseUrl(), "2002", "wrong").get("/test");

    RequestStats stats = sandbox.stats(STORE);

    assertThat(stats.total()).isEqualTo(5);
    assertThat(stats.byMethod()).containsEntry("GET", 3L).containsEntry("PUT", 1L).containsEntry("POST", 1L);
    assertThat(stats.count("GET", "/orders/{id}")).isEqualTo(3);
    assertThat(stats.count("PUT", "/orders/{id}")).isEqualTo(1);
    assertThat(stats.count("POST", "/orders")).isEqualTo(1);
    assertThat(stats.byStatus()).containsEntry(200, 4L).containsEntry(404, 1L);
    assertThat(sandbox.stats("2002").total()).isEqualTo(2);
    assertThat(sandbox.stats("2002").byStatus()).containsEntry(200, 1L).containsEntry(401, 1L);
    assertThat(sandbox.stats("9999")).isEqualTo(RequestStats.none("9999"));
    assertThat(sandbox.countRequests(RequestMatcher.store(STORE).path("/orders/*").method("GET"))).isEqualTo(3);
  }

  @Test
  void peakIsTheBusiestOneSecondWindow() {
    api.get("/test");                            // t = 0.0
    clock.advance(Duration.ofMillis(400));
    api.get("/test");                            // t = 0.4
    clock.advance(Duration.ofMillis(400));
    api.get("/test");                            // t = 0.8
    clock.advance(Duration.ofMillis(200));
    api.get("/test");                            // t = 1.0: the request at 0.0 has left the window
    assertThat(sandbox.peakRequestsPerSecond(STORE)).isEqualTo(3);
    clock.advance(Duration.ofMillis(300));
    api.get("/test");                            // t = 1.3: 0.4, 0.8, 1.0, 1.3

    assertThat(sandbox.peakRequestsPerSecond(STORE)).isEqualTo(4);
    clock.advance(Duration.ofSeconds(5));
    api.get("/test");
    assertThat(sandbox.peakRequestsPerSecond(STORE)).as("a peak stays until reset").isEqualTo(4);
    sandbox.reset();
    assertThat(sandbox.peakRequestsPerSecond(STORE)).isZero();
  }

  @Test
  void rateLimitedRequestsAreCountedSeparately() {
    try (OrderDeskSandbox limited = OrderDeskSandbox.start(SandboxOptions.defaults().withClock(clock))) {
      limited.addStore(STORE, KEY);
      ApiClient client = ApiClient.of(limited.baseUrl(), STORE, KEY);
      client.getRepeatedly("/test", 25);
      limited.failNext(STORE, null, null, 429, 1);
      clock.advance(Duration.ofSeconds(1));
      client.get("/test");

      RequestStats stats = limited.stats(STORE);

      assertThat(stats.total()).isEqualTo(26);
      assertThat(stats.rateLimited()).as("the injected 429 is not the bucket's").isEqualTo(5);
      assertThat(stats.byStatus()).containsEntry(429, 6L).containsEntry(200, 20L);
      assertThat(stats.peakPerSecond()).isEqualTo(25);
    }
  }

  @Test
  void statsAndCountsOverTheControlApi() {
    String id = createViaApi(Orders.minimal()).get("id").asText();
    api.get("/orders/" + id);
    api.get("/orders/" + id + "/shipments");

    JsonNode store = control.get("/stats").json().get("stores").get(STORE);
    JsonNode count = control.get("/requests/count?store_id=" + STORE + "&method=GET&path=/orders/*").json();
    JsonNode filtered = control.get("/requests?path=/orders/*/shipments").json();

    assertThat(store.get("total").asLong()).isEqualTo(3);
    assertThat(store.get("by_route").get("GET /orders/{id}").asLong()).isEqualTo(1);
    assertThat(store.get("by_method").get("GET").asLong()).isEqualTo(2);
    assertThat(store.get("by_status").get("200").asLong()).isEqualTo(3);
    assertThat(store.get("rate_limited").asLong()).isZero();
    assertThat(store.get("peak_per_second").asInt()).isEqualTo(3);
    assertThat(count.get("count").asLong()).isEqualTo(1);
    assertThat(filtered.get("total_records").asInt()).isEqualTo(1);
    assertThat(control.get("/stats?store_id=nope").json().get("stores")).isEmpty();
    assertThat(control.get("/requests?path=no-slash").status()).isEqualTo(400);
  }

  @Test
  void controlCallsAndJavaCallsAreNotCounted() {
    sandbox.createOrder(STORE, Orders.minimal());
    control.get("/stats");

    assertThat(sandbox.stats()).isEmpty();
  }
}
