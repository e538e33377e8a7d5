package com.orderdeskmcp.sandbox.ratelimit;

/**
 * The outcome of taking one token.
 *
 * @param tokensRemaining whole tokens left after this request (the {@code X-Tokens-Remaining} value)
 * @param retryAfterSeconds when refused, seconds until a token is available ({@code X-Retry-After})
 */
public record RateDecision(boolean allowed, int tokensRemaining, long retryAfterSeconds) {

  public static RateDecision allowed(int tokensRemaining) {
    return new RateDecision(true, tokensRemaining, 0);
  }

  public static RateDecision refused(long retryAfterSeconds) {
    return new RateDecision(false, 0, retryAfterSeconds);
  }
}
