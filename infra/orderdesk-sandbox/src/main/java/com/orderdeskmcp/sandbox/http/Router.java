package com.orderdeskmcp.sandbox.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches paths like {@code /orders/{id}/shipments/{shipmentId}}. Each feature registers its own
 * routes, so adding an endpoint never touches the dispatch code.
 */
public final class Router {

  private record Route(String method, String pattern, List<String> segments, RouteHandler handler) {
  }

  private final List<Route> routes = new ArrayList<>();

  public Router add(String method, String pattern, RouteHandler handler) {
    routes.add(new Route(method, pattern, segments(pattern), handler));
    return this;
  }

  public RouteMatch resolve(String method, String path) {
    List<String> actual = segments(path);
    Set<String> allowed = new TreeSet<>();
    String matchedPattern = null;
    for (Route route : routes) {
      Map<String, String> params = match(route.segments(), actual);
      if (params == null) {
        continue;
      }
      if (route.method().equals(method)) {
        return new RouteMatch.Found(route.handler(), params, route.pattern());
      }
      allowed.add(route.method());
      matchedPattern = route.pattern();
    }
    return allowed.isEmpty() ? new RouteMatch.NotFound() : new RouteMatch.MethodNotAllowed(allowed, matchedPattern);
  }

  private static Map<String, String> match(List<String> pattern, List<String> actual) {
    if (pattern.size() != actual.size()) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pattern.size(); i++) {
      String expected = pattern.get(i);
      if (expected.startsWith("{") && expected.endsWith("}")) {
        params.put(expected.substring(1, expected.length() - 1), actual.get(i));
      } else if (!expected.equals(actual.get(i))) {
        return null;
      }
    }
    return params;
  }

  private static List<String> segments(String path) {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }
}
