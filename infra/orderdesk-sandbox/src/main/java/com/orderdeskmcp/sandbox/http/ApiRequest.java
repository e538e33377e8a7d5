package com.orderdeskmcp.sandbox.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.support.Json;
import java.util.Map;

/**
 * A routed request, as a handler sees it.
 *
 * @param path the path below the API prefix, e.g. {@code /orders/1001}
 * @param storeId the authenticated store, or null on the control API
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    Map<String, String> query,
    String body,
    String storeId,
    long startedNanos) {

  public String pathParam(String name) {
    return pathParams.get(name);
  }

  public String query(String name) {
    return query.get(name);
  }

  public ObjectNode jsonBody() {
    return Json.parseObject(body);
  }
}
