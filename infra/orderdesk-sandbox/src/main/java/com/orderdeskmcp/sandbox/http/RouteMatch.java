package com.orderdeskmcp.sandbox.http;

import java.util.Map;
import java.util.Set;

/** What a {@link Router} made of a method and path. */
public sealed interface RouteMatch {

  /** The route pattern, e.g. {@code /orders/{id}}, or a placeholder when nothing matched. */
  String pattern();

  /** @param pattern the registered pattern, e.g. {@code /orders/{id}/shipments} */
  record Found(RouteHandler handler, Map<String, String> pathParams, String pattern) implements RouteMatch {
  }

  record NotFound() implements RouteMatch {
    @Override
    public String pattern() {
      return "(unknown)";
    }
  }

  record MethodNotAllowed(Set<String> allowed, String pattern) implements RouteMatch {
  }
}
