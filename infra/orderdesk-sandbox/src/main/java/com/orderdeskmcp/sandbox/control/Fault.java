package com.orderdeskmcp.sandbox.control;

import java.time.Duration;
import java.util.Objects;

/**
 * What the sandbox does to a request that a {@link FaultRule} matches. {@link Latency} delays the
 * request and lets it through; the others decide its outcome.
 */
public sealed interface Fault {

  /** Answer with this error status and an error envelope; nothing changes. */
  record Status(int status) implements Fault {
    public Status {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("An injected fault needs an error status (400-599), got " + status);
      }
    }
  }

  /** Wait {@code fixed} plus a uniformly random part of {@code jitter}, then handle the request normally. */
  record Latency(Duration fixed, Duration jitter) implements Fault {
    public Latency {
      requireNotNegative(fixed, "fixed latency");
      requireNotNegative(jitter, "latency jitter");
    }
  }

  /**
   * Hold the request without answering for {@code duration} (or until {@code reset()} or
   * {@code close()}), then close the connection: a client with a shorter timeout sees a timeout.
   *
   * @param applyFirst carry the request out before hanging (the "it happened, but I never heard" case)
   */
  record Hang(Duration duration, boolean applyFirst) implements Fault {
    public Hang {
      requireNotNegative(duration, "hang duration");
    }
  }

  /**
   * Close the connection without any response.
   *
   * @param applyFirst carry the request out first, so the change is made but the client cannot know
   */
  record DropConnection(boolean applyFirst) implements Fault {
  }

  static Fault status(int status) {
    return new Status(status);
  }

  static Fault latency(Duration fixed, Duration jitter) {
    return new Latency(fixed, jitter);
  }

  static Fault hang(Duration duration) {
    return new Hang(duration, false);
  }

  static Fault dropAfterApply() {
    return new DropConnection(true);
  }

  static Fault dropBeforeApply() {
    return new DropConnection(false);
  }

  private static void requireNotNegative(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + duration);
    }
  }
}
