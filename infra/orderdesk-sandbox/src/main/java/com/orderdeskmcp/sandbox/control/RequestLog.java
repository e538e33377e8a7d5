package com.orderdeskmcp.sandbox.control;

import com.orderdeskmcp.sandbox.RecordedRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The API requests seen since the last reset; bounded so a long demo run cannot exhaust memory. */
public final class RequestLog {

  public static final int CAPACITY = 10_000;

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

  /** The recorded requests {@code match} selects, oldest first. */
  public synchronized List<RecordedRequest> matching(RequestMatcher match) {
    return entries.stream().filter(r -> matches(match, r)).toList();
  }

  /** Counts requests matching all given values; a null argument matches anything. */
  public synchronized long count(String storeId, String method, String orderId) {
    return count(new RequestMatcher(storeId, method, null, orderId));
  }

  public synchronized long count(RequestMatcher match) {
    return entries.stream().filter(r -> matches(match, r)).count();
  }

  public synchronized void clear() {
    entries.clear();
  }

  private static boolean matches(RequestMatcher match, RecordedRequest request) {
    return match.matches(request.storeId(), request.method(), request.path(), request.orderId());
  }
}
