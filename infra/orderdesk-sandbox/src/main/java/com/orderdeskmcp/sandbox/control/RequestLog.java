package com.orderdeskmcp.sandbox.control;

import com.orderdeskmcp.sandbox.RecordedRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The API requests seen since the last reset; bounded so a long demo run cannot exhaust memory. */
public final class RequestLog {

  static final int CAPACITY = 10_000;

  private final Deque<RecordedRequest> entries = new ArrayDeque<>();

  public synchronized void record(RecordedRequest request) {
    if (entries.size() == CAPACITY) {
      entries.removeFirst();
    }
    entries.addLast(request);
  }

  public synchronized List<RecordedRequest> snapshot() {
    return List.copyOf(entries);
  }

  /** Counts requests matching all given values; a null argument matches anything. */
  public synchronized long count(String storeId, String method, String orderId) {
    return entries.stream()
        .filter(r -> storeId == null || storeId.equals(r.storeId()))
        .filter(r -> method == null || method.equalsIgnoreCase(r.method()))
        .filter(r -> orderId == null || orderId.equals(r.orderId()))
        .count();
  }

  public synchronized void clear() {
    entries.clear();
  }
}
