package com.orderdeskmcp.sandbox.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One store's "Post Order JSON" rule: where to post, on which events, and how to retry.
 *
 * @param url the receiving endpoint (http or https)
 * @param events the events that trigger a post; must not be empty
 * @param retryBackoff the wait before the first retry; it doubles for each further retry
 * @param timeout how long one attempt may take (OrderDesk waits 30 s)
 */
public record WebhookConfig(URI url, Set<WebhookEvent> events, Duration retryBackoff, Duration timeout) {

  /** OrderDesk retries a post answered with a status above 201 up to five times. */
  public static final int MAX_RETRIES = 5;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public WebhookConfig {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("A webhook URL must be http or https, got " + url);
    }
    if (events == null || events.isEmpty()) {
      throw new IllegalArgumentException("A webhook needs at least one event");
    }
    events = Set.copyOf(EnumSet.copyOf(events));
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(timeout, "timeout");
    if (retryBackoff.isNegative() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("retryBackoff must not be negative and timeout must be positive");
    }
  }

  /** Posts on the given events, with a 1 s first backoff and OrderDesk's 30 s timeout. */
  public static WebhookConfig of(String url, WebhookEvent first, WebhookEvent... more) {
    return new WebhookConfig(URI.create(url), EnumSet.of(first, more), DEFAULT_RETRY_BACKOFF, DEFAULT_TIMEOUT);
  }

  /** Posts on every event. */
  public static WebhookConfig allEvents(String url) {
    return new WebhookConfig(URI.create(url), EnumSet.allOf(WebhookEvent.class), DEFAULT_RETRY_BACKOFF,
        DEFAULT_TIMEOUT);
  }

  public WebhookConfig withRetryBackoff(Duration backoff) {
    return new WebhookConfig(url, events, backoff, timeout);
  }

  public WebhookConfig withTimeout(Duration newTimeout) {
    return new WebhookConfig(url, events, retryBackoff, newTimeout);
  }
}
