package com.orderdeskmcp.sandbox.control;

import java.util.Objects;

/**
 * "Answer the next {@code remaining} matching requests with {@code status}".
 *
 * @param orderId null matches any request, with or without an order id
 * @param method null matches any method
 */
public record FaultRule(String storeId, String orderId, String method, int status, int remaining) {

  public FaultRule {
    Objects.requireNonNull(storeId, "storeId");
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("An injected fault needs an error status (400-599), got " + status);
    }
    if (remaining < 1) {
      throw new IllegalArgumentException("An injected fault must apply at least once, got " + remaining);
    }
  }

  boolean matches(String requestStoreId, String requestMethod, String requestOrderId) {
    return storeId.equals(requestStoreId)
        && (orderId == null || orderId.equals(requestOrderId))
        && (method == null || method.equalsIgnoreCase(requestMethod));
  }

  FaultRule used() {
    return new FaultRule(storeId, orderId, method, status, remaining - 1);
  }
}
