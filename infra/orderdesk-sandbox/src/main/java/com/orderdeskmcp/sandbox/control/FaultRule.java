package com.orderdeskmcp.sandbox.control;

import java.util.Objects;

/**
 * "Do {@code fault} to the next {@code remaining} requests that {@code match}".
 *
 * @param remaining how many more requests it applies to; {@link #UNTIL_RESET} for all of them
 */
public record FaultRule(RequestMatcher match, Fault fault, int remaining) {

  public static final int UNTIL_RESET = Integer.MAX_VALUE;

  public FaultRule {
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(fault, "fault");
    if (remaining < 1) {
      throw new IllegalArgumentException("An injected fault must apply at least once, got " + remaining);
    }
  }

  FaultRule used() {
    return remaining == UNTIL_RESET ? this : new FaultRule(match, fault, remaining - 1);
  }
}
