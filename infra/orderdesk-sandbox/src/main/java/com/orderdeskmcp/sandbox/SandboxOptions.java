package com.orderdeskmcp.sandbox;

import java.time.InstantSource;
import java.util.Objects;

/**
 * How a sandbox runs.
 *
 * @param port the port; 0 picks a free one
 * @param rateLimitEnabled whether OrderDesk's per-store token bucket applies (on by default)
 * @param burst the bucket's size, OrderDesk's is 20
 * @param refillPerSecond tokens added per second, continuously; OrderDesk's is 3
 * @param clock the source of "now" for timestamps, the rate limiter and the request statistics; tests
 *     can pass a fixed or hand-advanced one to make same-second writes and refills deterministic
 * @param controlToken the secret the control API ({@code /_sandbox}) demands in
 *     {@code X-Sandbox-Control-Token}; null picks a random one at start ({@link OrderDeskSandbox#controlToken()})
 * @param bindAddress the address to listen on; {@code 127.0.0.1} unless told otherwise
 */
public record SandboxOptions(int port, boolean rateLimitEnabled, int burst, double refillPerSecond,
    InstantSource clock, String controlToken, String bindAddress) {

  public static final int DEFAULT_BURST = 20;
  public static final double DEFAULT_REFILL_PER_SECOND = 3.0;
  public static final String LOOPBACK = "127.0.0.1";

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
    if (controlToken != null && controlToken.isBlank()) {
      throw new IllegalArgumentException("controlToken must not be blank (null picks a random one)");
    }
    bindAddress = bindAddress == null || bindAddress.isBlank() ? LOOPBACK : bindAddress.trim();
  }

  /** The options of the first version: a random control token, loopback only. */
  public SandboxOptions(int port, boolean rateLimitEnabled, int burst, double refillPerSecond, InstantSource clock) {
    this(port, rateLimitEnabled, burst, refillPerSecond, clock, null, LOOPBACK);
  }

  /** A random port on 127.0.0.1, OrderDesk's rate limit (20 burst, 3/s), the system clock, a random control token. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(0, true, DEFAULT_BURST, DEFAULT_REFILL_PER_SECOND, InstantSource.system());
  }

  public SandboxOptions withPort(int newPort) {
    return new SandboxOptions(newPort, rateLimitEnabled, burst, refillPerSecond, clock, controlToken, bindAddress);
  }

  public SandboxOptions withRateLimit(boolean enabled) {
    return new SandboxOptions(port, enabled, burst, refillPerSecond, clock, controlToken, bindAddress);
  }

  public SandboxOptions withoutRateLimit() {
    return withRateLimit(false);
  }

  public SandboxOptions withBurst(int newBurst) {
    return new SandboxOptions(port, rateLimitEnabled, newBurst, refillPerSecond, clock, controlToken, bindAddress);
  }

  public SandboxOptions withRefillPerSecond(double newRefill) {
    return new SandboxOptions(port, rateLimitEnabled, burst, newRefill, clock, controlToken, bindAddress);
  }

  public SandboxOptions withClock(InstantSource newClock) {
    return new SandboxOptions(port, rateLimitEnabled, burst, refillPerSecond, newClock, controlToken, bindAddress);
  }

  public SandboxOptions withControlToken(String token) {
    return new SandboxOptions(port, rateLimitEnabled, burst, refillPerSecond, clock, token, bindAddress);
  }

  /** E.g. {@code 0.0.0.0} inside a container; the control API then still needs its token. */
  public SandboxOptions withBindAddress(String address) {
    return new SandboxOptions(port, rateLimitEnabled, burst, refillPerSecond, clock, controlToken, address);
  }

  /** Never shows the control token. */
  @Override
  public String toString() {
    return "SandboxOptions[port=" + port + ", rateLimitEnabled=" + rateLimitEnabled + ", burst=" + burst
        + ", refillPerSecond=" + refillPerSecond + ", clock=" + clock + ", bindAddress=" + bindAddress + "]";
  }
}
