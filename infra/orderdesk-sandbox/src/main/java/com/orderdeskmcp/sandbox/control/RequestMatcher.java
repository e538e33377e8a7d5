package com.orderdeskmcp.sandbox.control;

import com.orderdeskmcp.sandbox.http.PathPattern;
import java.util.Locale;

/**
 * Which API requests a fault, a count or a log query applies to. Every part is optional (null
 * matches anything); the given ones must all hold.
 *
 * @param storeId the store the request authenticated as
 * @param method the effective HTTP method (X-HTTP-Method-Override applied), any case
 * @param path a {@link PathPattern} glob below {@code /api/v2}, e.g. {@code /orders/*}
 *     or {@code /orders/{id}/shipments}
 * @param orderId the order a path addresses ({@code /orders/{id}} and anything below it)
 */
public record RequestMatcher(String storeId, String method, String path, String orderId) {

  public RequestMatcher {
    method = method == null || method.isBlank() ? null : method.trim().toUpperCase(Locale.ROOT);
    path = path == null || path.isBlank() ? null : PathPattern.validate(path);
    storeId = storeId == null || storeId.isBlank() ? null : storeId.trim();
    orderId = orderId == null || orderId.isBlank() ? null : orderId.trim();
  }

  /** Every request. */
  public static RequestMatcher any() {
    return new RequestMatcher(null, null, null, null);
  }

  /** Every request of one store. */
  public static RequestMatcher store(String storeId) {
    return new RequestMatcher(storeId, null, null, null);
  }

  public RequestMatcher method(String newMethod) {
    return new RequestMatcher(storeId, newMethod, path, orderId);
  }

  public RequestMatcher path(String newPath) {
    return new RequestMatcher(storeId, method, newPath, orderId);
  }

  public RequestMatcher order(String newOrderId) {
    return new RequestMatcher(storeId, method, path, newOrderId);
  }

  /**
   * @param requestPath the path below the API prefix or with it; a query string is ignored
   */
  public boolean matches(String requestStoreId, String requestMethod, String requestPath, String requestOrderId) {
    return (storeId == null || storeId.equals(requestStoreId))
        && (method == null || method.equalsIgnoreCase(requestMethod))
        && (orderId == null || orderId.equals(requestOrderId))
        && (path == null || (requestPath != null && PathPattern.matches(path, requestPath)));
  }
}
