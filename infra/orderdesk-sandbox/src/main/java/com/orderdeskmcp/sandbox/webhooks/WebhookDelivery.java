package com.orderdeskmcp.sandbox.webhooks;

import java.time.Instant;

/**
 * One attempt to post an order notification.
 *
 * @param attempt 1 for the first post, 2..6 for the retries
 * @param status the receiver's HTTP status, or 0 when there was none (refused, timed out)
 * @param error why there was no status, or null
 * @param willRetry whether another attempt is scheduled
 */
public record WebhookDelivery(Instant at, String storeId, WebhookEvent event, String orderId, String url,
    int attempt, int status, String error, boolean willRetry) {

  /** OrderDesk counts 200 and 201 as delivered and anything else as a failure. */
  public boolean delivered() {
    return status == 200 || status == 201;
  }
}
