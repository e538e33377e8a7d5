package com.orderdeskmcp.sandbox.http;

import com.sun.net.httpserver.Headers;
import java.net.InetAddress;
import java.util.Map;

/** An HTTP request as received, before routing. {@code method} already honours X-HTTP-Method-Override. */
public record RawRequest(
    String method, String path, String rawQuery, Headers headers, String body, InetAddress remoteAddress) {

  public String header(String name) {
    return headers.getFirst(name);
  }

  public Map<String, String> query() {
    return QueryStrings.parse(rawQuery);
  }

  public String pathWithQuery() {
    return rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + rawQuery;
  }
}
