package com.orderdeskmcp.sandbox;

import java.time.InstantSource;
import java.util.Objects;

/**
 * How a sandbox runs.
 *
 * @param port the port on 127.0.0.1; 0 picks a free one
 * @param rateLimitEnabled whether OrderDesk's per-store token bucket applies (on by default)
 * @param burst the bucket's size, OrderDesk's is 20
 * @param refillPerSecond tokens added per second, continuously; OrderDesk's is 3
 * @param clock the source of "now" for timestamps and the rate limiter; tests can pass a fixed or
 *     hand-advanced one to make same-second writes and refills deterministic
 */
public record SandboxOptions(int port, boolean rateLimitEnabled, int burst, double refillPerSecond,
    InstantSource clock) {

  public static final int DEFAULT_BURST = 20;
  public static final double DEFAULT_REFILL_PER_SECOND = 3.0;

  public SandboxOptions {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1, got " + burst);
    }
    if (!(refillPerSecond > 0)) {
      throw new IllegalArgumentException("refillPerSecond must be positive, got " + refillPerSecond);
    }
    Objects.requireNonNull(clock, "clock");
  }

  /** A random port, OrderDesk's rate limit (20 burst, 3/s), the system clock. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(0, true, DEFAULT_BURST, DEFAULT_REFILL_PER_SECOND, InstantSource.system());
  }

  public SandboxOptions withPort(int newPort) {
    return new SandboxOptions(newPort, rateLimitEnabled, burst, refillPerSecond, clock);
  }

  public SandboxOptions withRateLimit(boolean enabled) {
    return new SandboxOptions(port, enabled, burst, refillPerSecond, clock);
  }

  public SandboxOptions withoutRateLimit() {
    return withRateLimit(false);
  }

  public SandboxOptions withBurst(int newBurst) {
    return new SandboxOptions(port, rateLimitEnabled, newBurst, refillPerSecond, clock);
  }

  public SandboxOptions withRefillPerSecond(double newRefill) {
    return new SandboxOptions(port, rateLimitEnabled, burst, newRefill, clock);
  }

  public SandboxOptions withClock(InstantSource newClock) {
    return new SandboxOptions(port, rateLimitEnabled, burst, refillPerSecond, newClock);
  }
}
