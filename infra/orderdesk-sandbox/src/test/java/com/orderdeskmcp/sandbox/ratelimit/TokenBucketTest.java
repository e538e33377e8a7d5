package com.orderdeskmcp.sandbox.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orderdeskmcp.sandbox.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");

  @Test
  void startsFullAndCountsDown() {
    TokenBucket bucket = new TokenBucket(3, 3, clock);

    assertThat(bucket.tryTake()).isEqualTo(RateDecision.allowed(2));
    assertThat(bucket.tryTake()).isEqualTo(RateDecision.allowed(1));
    assertThat(bucket.tryTake()).isEqualTo(RateDecision.allowed(0));
    assertThat(bucket.tryTake()).isEqualTo(RateDecision.refused(1));
  }

  @Test
  void refusedRequestsDoNotCostATokenAndRetryAfterIsTheCeiling() {
    TokenBucket bucket = new TokenBucket(1, 0.5, clock);
    bucket.tryTake();

    assertThat(bucket.tryTake().retryAfterSeconds()).isEqualTo(2);
    clock.advance(Duration.ofMillis(1_100)); // 0.55 tokens
    assertThat(bucket.tryTake().retryAfterSeconds()).isEqualTo(1);
    clock.advance(Duration.ofMillis(900)); // 1.0 token
    assertThat(bucket.tryTake().allowed()).isTrue();
  }

  @Test
  void aClockStepBackwardsDoesNotDrainTheBucket() {
    TokenBucket bucket = new TokenBucket(5, 1, clock);
    bucket.tryTake();
    clock.set(Instant.parse("2024-12-31T23:00:00Z"));

    assertThat(bucket.tryTake()).isEqualTo(RateDecision.allowed(3));
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThatThrownBy(() -> new TokenBucket(0, 3, clock)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(20, 0, clock)).isInstanceOf(IllegalArgumentException.class);
  }
}
