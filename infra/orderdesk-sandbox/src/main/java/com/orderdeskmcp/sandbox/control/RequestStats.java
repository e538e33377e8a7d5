package com.orderdeskmcp.sandbox.control;

import java.util.Map;

/**
 * What one store's clients sent since the last reset. Unlike the request log, these counts are
 * never truncated, so they hold for long benchmark runs too.
 *
 * @param total every API request that named this store (failed authentication included)
 * @param byMethod requests per effective method, e.g. {@code GET}
 * @param byRoute requests per method and route pattern, e.g. {@code PUT /orders/{id}}
 * @param byStatus requests per HTTP status answered; 0 means no answer (an injected drop or hang)
 * @param rateLimited requests the token bucket refused with 429 (injected 429s not included)
 * @param peakPerSecond the most requests that arrived within any one-second window (on the
 *     sandbox's clock): compare it with the burst to see whether a client paced itself
 */
public record RequestStats(String storeId, long total, Map<String, Long> byMethod, Map<String, Long> byRoute,
    Map<Integer, Long> byStatus, long rateLimited, int peakPerSecond) {

  public RequestStats {
    byMethod = Map.copyOf(byMethod);
    byRoute = Map.copyOf(byRoute);
    byStatus = Map.copyOf(byStatus);
  }

  public static RequestStats none(String storeId) {
    return new RequestStats(storeId, 0, Map.of(), Map.of(), Map.of(), 0, 0);
  }

  /** Requests to one route, e.g. {@code count("PUT", "/orders/{id}")}. */
  public long count(String method, String routePattern) {
    return byRoute.getOrDefault(method + " " + routePattern, 0L);
  }
}
