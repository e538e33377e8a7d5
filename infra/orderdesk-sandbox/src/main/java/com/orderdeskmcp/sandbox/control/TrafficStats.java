package com.orderdeskmcp.sandbox.control;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Running counts per store and the peak one-second request rate, cheap enough for every request. */
public final class TrafficStats {

  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final ConcurrentMap<String, StoreTraffic> stores = new ConcurrentHashMap<>();

  /** Called when a request naming {@code storeId} arrives, before anything else happens to it. */
  public void arrived(String storeId, Instant at) {
    if (storeId != null) {
      traffic(storeId).arrived(at);
    }
  }

  /** Called once the request's outcome is known. */
  public void completed(String storeId, String method, String route, int status, boolean rateLimited) {
    if (storeId != null) {
      traffic(storeId).completed(method, route, status, rateLimited);
    }
  }

  public RequestStats of(String storeId) {
    StoreTraffic traffic = stores.get(storeId);
    return traffic == null ? RequestStats.none(storeId) : traffic.snapshot(storeId);
  }

  public Map<String, RequestStats> all() {
    Map<String, RequestStats> result = new TreeMap<>();
    stores.forEach((id, traffic) -> result.put(id, traffic.snapshot(id)));
    return result;
  }

  public void clear() {
    stores.clear();
  }

  private StoreTraffic traffic(String storeId) {
    return stores.computeIfAbsent(storeId, id -> new StoreTraffic());
  }

  private static final class StoreTraffic {
    private final LongAdder total = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final ConcurrentMap<String, LongAdder> byMethod = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> byRoute = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    /** Arrival times (epoch nanos) within the last second, oldest first; guarded by itself. */
    private final ArrayDeque<Long> window = new ArrayDeque<>();
    private int peak;

    void arrived(Instant at) {
      total.increment();
      long now = at.getEpochSecond() * 1_000_000_000L + at.getNano();
      synchronized (window) {
        // The busiest window can always be slid until it ends at an arrival, so checking at each
        // arrival finds the true maximum.
        while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_NANOS) {
          window.removeFirst();
        }
        window.addLast(now);
        peak = Math.max(peak, window.size());
      }
    }

    void completed(String method, String route, int status, boolean limited) {
      byMethod.computeIfAbsent(method, m -> new LongAdder()).increment();
      byRoute.computeIfAbsent(method + " " + route, r -> new LongAdder()).increment();
      byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
      if (limited) {
        rateLimited.increment();
      }
    }

    RequestStats snapshot(String storeId) {
      int currentPeak;
      synchronized (window) {
        currentPeak = peak;
      }
      return new RequestStats(storeId, total.sum(), sums(byMethod), sums(byRoute), sums(byStatus),
          rateLimited.sum(), currentPeak);
    }

    private static <K> Map<K, Long> sums(Map<K, LongAdder> counters) {
      Map<K, Long> result = new TreeMap<>();
      counters.forEach((key, adder) -> result.put(key, adder.sum()));
      return result;
    }
  }
}
