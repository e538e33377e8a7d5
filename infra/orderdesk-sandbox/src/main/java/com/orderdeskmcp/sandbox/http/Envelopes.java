package com.orderdeskmcp.sandbox.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.support.Json;
import java.util.Locale;

/**
 * OrderDesk's response envelopes. Timing appears in two forms on the real API: order reads say
 * {@code "message":"Execution took X seconds"}, most other responses {@code "execution_time":"X seconds"}.
 */
public final class Envelopes {

  private Envelopes() {
  }

  public static ObjectNode success() {
    return Json.object().put("status", "success");
  }

  public static ObjectNode error(String message) {
    return Json.object().put("status", "error").put("message", message);
  }

  /** {@code {"status":"success","message":"Execution took 0.0012 seconds"}}: the order-read form. */
  public static ObjectNode successWithTiming(ApiRequest request) {
    return success().put("message", "Execution took " + seconds(request) + " seconds");
  }

  /** {@code "0.0012 seconds"}, the value of {@code execution_time}. */
  public static String executionTime(ApiRequest request) {
    return seconds(request) + " seconds";
  }

  private static String seconds(ApiRequest request) {
    double seconds = (System.nanoTime() - request.startedNanos()) / 1e9;
    return String.format(Locale.ROOT, "%.4f", seconds);
  }
}
