package com.orderdeskmcp.sandbox.ratelimit;

import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One {@link TokenBucket} per store, or no limiting at all when disabled. */
public final class RateLimiter {

  private volatile boolean enabled;
  private final int burst;
  private final double refillPerSecond;
  private final InstantSource clock;
  private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(boolean enabled, int burst, double refillPerSecond, InstantSource clock) {
    this.enabled = enabled;
    this.burst = burst;
    this.refillPerSecond = refillPerSecond;
    this.clock = clock;
  }

  /** Empty when limiting is off: then no rate headers are sent either. */
  public Optional<RateDecision> take(String storeId) {
    if (!enabled) {
      return Optional.empty();
    }
    return Optional.of(buckets
        .computeIfAbsent(storeId, id -> new TokenBucket(burst, refillPerSecond, clock))
        .tryTake());
  }

  public boolean enabled() {
    return enabled;
  }

  /** Turns limiting on or off at run time; buckets keep their level meanwhile. */
  public void setEnabled(boolean on) {
    enabled = on;
  }

  public void refillAll() {
    buckets.values().forEach(TokenBucket::refillCompletely);
  }
}
