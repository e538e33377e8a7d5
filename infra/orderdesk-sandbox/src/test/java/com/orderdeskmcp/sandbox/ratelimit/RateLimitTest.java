package com.orderdeskmcp.sandbox.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.orderdeskmcp.sandbox.SandboxOptions;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OrderDesk's bucket (20, 3/s) over HTTP; the clock only moves when a test moves it. */
class RateLimitTest extends SandboxTestBase {

  @Override
  protected SandboxOptions options() {
    return SandboxOptions.defaults().withClock(clock);
  }

  @Test
  void theTwentyFirstImmediateRequestIsRefused() {
    List<ApiClient.Reply> replies = api.getRepeatedly("/test", 21);

    for (int i = 0; i < 20; i++) {
      assertThat(replies.get(i).status()).as("request %d", i + 1).isEqualTo(200);
      assertThat(replies.get(i).header("X-Tokens-Remaining")).isEqualTo(Integer.toString(19 - i));
    }
    ApiClient.Reply refused = replies.get(20);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("X-Retry-After")).isEqualTo("1");
    assertThat(refused.header("X-Tokens-Remaining")).isEqualTo("0");
    assertThat(refused.json().get("status").asText()).isEqualTo("error");
    assertThat(refused.json().get("message").asText()).isNotBlank();
  }

  @Test
  void tokensComeBackContinuouslyAtThreePerSecond() {
    api.getRepeatedly("/test", 20);

    clock.advance(Duration.ofMillis(340));
    assertThat(api.get("/test").status()).isEqualTo(200);
    assertThat(api.get("/test").status()).isEqualTo(429);

    clock.advance(Duration.ofSeconds(1));
    List<ApiClient.Reply> replies = api.getRepeatedly("/test", 4);
    assertThat(replies).extracting(ApiClient.Reply::status).containsExactly(200, 200, 200, 429);
  }

  @Test
  void retryAfterIsRoundedUpToWholeSeconds() {
    try (var slow = com.orderdeskmcp.sandbox.OrderDeskSandbox.start(
        SandboxOptions.defaults().withClock(clock).withBurst(2).withRefillPerSecond(0.25))) {
      slow.addStore(STORE, KEY);
      ApiClient client = ApiClient.of(slow.baseUrl(), STORE, KEY);
      client.getRepeatedly("/test", 2);
      clock.advance(Duration.ofMillis(500)); // 0.125 tokens: 3.5 s to go

      ApiClient.Reply refused = client.get("/test");

      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.header("X-Retry-After")).isEqualTo("4");
    }
  }

  @Test
  void theBucketNeverHoldsMoreThanTheBurst() {
    clock.advance(Duration.ofHours(1));

    assertThat(api.get("/test").header("X-Tokens-Remaining")).isEqualTo("19");
  }

  @Test
  void eachStoreHasItsOwnBucket() {
    sandbox.addStore("2002", "other-key");
    api.getRepeatedly("/test", 21);

    ApiClient.Reply other = ApiClient.of(sandbox.baseUrl(), "2002", "other-key").get("/test");

    assertThat(other.status()).isEqualTo(200);
    assertThat(other.header("X-Tokens-Remaining")).isEqualTo("19");
  }

  @Test
  void rateLimitedRequestsDoNotReachTheHandler() {
    api.getRepeatedly("/test", 20);

    ApiClient.Reply reply = api.post("/orders", com.orderdeskmcp.sandbox.support.Orders.minimal());

    assertThat(reply.status()).isEqualTo(429);
    assertThat(sandbox.countRequests(STORE, "POST", null)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(api.get("/orders").json().get("total_records").asInt()).isZero();
  }

  @Test
  void resetRefillsTheBuckets() {
    api.getRepeatedly("/test", 21);

    sandbox.reset();

    assertThat(api.get("/test").status()).isEqualTo(200);
  }

  @Test
  void turnedOffThereIsNoLimitAndNoHeader() {
    try (var unlimited = com.orderdeskmcp.sandbox.OrderDeskSandbox.start(
        SandboxOptions.defaults().withClock(clock).withoutRateLimit())) {
      unlimited.addStore(STORE, KEY);

      List<ApiClient.Reply> replies = ApiClient.of(unlimited.baseUrl(), STORE, KEY).getRepeatedly("/test", 30);

      assertThat(replies).extracting(ApiClient.Reply::status).containsOnly(200);
      assertThat(replies.getLast().header("X-Tokens-Remaining")).isNull();
    }
  }
}
