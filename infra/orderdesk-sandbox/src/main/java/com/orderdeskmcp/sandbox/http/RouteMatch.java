package com.orderdeskmcp.sandbox.http;

import java.util.Map;
import java.util.Set;

/** What a {@link Router} made of a method and path. */
public sealed interface RouteMatch {

  record Found(RouteHandler handler, Map<String, String> pathParams) implements RouteMatch {
  }

  record NotFound() implements RouteMatch {
  }

  record MethodNotAllowed(Set<String> allowed) implements RouteMatch {
  }
}
