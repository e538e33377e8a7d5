package com.orderdeskmcp.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON response with its status and any extra headers. */
public record ApiResponse(int status, JsonNode body, Map<String, String> headers) {

  public ApiResponse {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public static ApiResponse ok(JsonNode body) {
    return new ApiResponse(200, body, Map.of());
  }

  public static ApiResponse error(int status, String message) {
    return new ApiResponse(status, Envelopes.error(message), Map.of());
  }

  /** A copy whose (object) body has one more field. */
  public ApiResponse withBodyField(String name, String value) {
    ObjectNode copy = ((ObjectNode) body).deepCopy();
    copy.put(name, value);
    return new ApiResponse(status, copy, headers);
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new ApiResponse(status, body, copy);
  }
}
