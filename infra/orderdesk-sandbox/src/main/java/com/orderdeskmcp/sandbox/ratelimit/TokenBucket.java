package com.orderdeskmcp.sandbox.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * OrderDesk's leaky bucket: starts full at {@code capacity}, refills continuously at
 * {@code refillPerSecond} up to the cap, and each request takes one token.
 */
public final class TokenBucket {

  private final double capacity;
  private final double refillPerSecond;
  private final InstantSource clock;
  private double tokens;
  private Instant lastRefill;

  public TokenBucket(int capacity, double refillPerSecond, InstantSource clock) {
    if (capacity < 1 || !(refillPerSecond > 0)) {
      throw new IllegalArgumentException("A bucket needs capacity >= 1 and a positive refill rate");
    }
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.clock = clock;
    this.tokens = capacity;
    this.lastRefill = clock.instant();
  }

  public synchronized RateDecision tryTake() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return RateDecision.allowed((int) Math.floor(tokens));
    }
    long wait = (long) Math.ceil((1 - tokens) / refillPerSecond);
    return RateDecision.refused(Math.max(1, wait));
  }

  public synchronized void refillCompletely() {
    tokens = capacity;
    lastRefill = clock.instant();
  }

  private void refill() {
    Instant now = clock.instant();
    // A clock that steps back must not drain the bucket.
    long elapsedNanos = Math.max(0, Duration.between(lastRefill, now).toNanos());
    tokens = Math.min(capacity, tokens + elapsedNanos / 1e9 * refillPerSecond);
    lastRefill = now;
  }
}
