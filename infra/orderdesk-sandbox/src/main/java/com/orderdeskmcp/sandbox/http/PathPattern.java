package com.orderdeskmcp.sandbox.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A glob over API paths, as used by fault rules and request counts: {@code *} or {@code {name}}
 * matches one path segment, {@code **} any number of segments (none included), anything else
 * itself. The {@code /api/v2} prefix and a trailing slash are optional; the query string is never
 * part of the match. Examples: {@code /orders/*}, {@code /orders/{id}/shipments}, {@code /orders/**}.
 */
public final class PathPattern {

  private static final String API_PREFIX = "/api/v2";
  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  private PathPattern() {
  }

  /** Whether {@code path} (below or including the API prefix) matches {@code glob}. */
  public static boolean matches(String glob, String path) {
    return COMPILED.computeIfAbsent(normalise(glob), PathPattern::compile).matcher(normalise(path)).matches();
  }

  /** Fails early on a glob that cannot be a path. */
  public static String validate(String glob) {
    if (glob == null || glob.isBlank() || !glob.trim().startsWith("/")) {
      throw new IllegalArgumentException("A path pattern starts with '/', e.g. /orders/*, got " + glob);
    }
    return glob.trim();
  }

  private static String normalise(String path) {
    String result = path.trim();
    int query = result.indexOf('?');
    if (query >= 0) {
      result = result.substring(0, query);
    }
    if (result.equals(API_PREFIX) || result.startsWith(API_PREFIX + "/")) {
      result = result.substring(API_PREFIX.length());
    }
    if (result.length() > 1 && result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result.isEmpty() ? "/" : result;
  }

  private static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    String[] segments = glob.split("/", -1);
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.equals("**")) {
        regex.append("(/[^/]+)*");
      } else if (segment.equals("*") || (segment.startsWith("{") && segment.endsWith("}"))) {
        regex.append("/[^/]+");
      } else {
        regex.append('/').append(Pattern.quote(segment));
      }
    }
    return Pattern.compile(regex.isEmpty() ? "/" : regex.toString());
  }
}
