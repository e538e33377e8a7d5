package com.orderdeskmcp.sandbox.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Pending injected faults. Per request, the first matching {@link Fault.Latency} rule adds its delay
 * and the first matching other rule decides the outcome; each rule applied loses one use.
 */
public final class FaultInjector {

  private final List<FaultRule> rules = new ArrayList<>();
  /** Released by {@link #clear()}: every request waiting at that moment, and any that take it later. */
  private volatile Release release = new Release();
  /** Lets the hot path skip the lock while no rule exists, which is nearly always. */
  private volatile boolean empty = true;

  public synchronized void add(FaultRule rule) {
    rules.add(rule);
    empty = false;
  }

  public synchronized List<FaultRule> rules() {
    return List.copyOf(rules);
  }

  /** The delay to add to this request: zero when no latency rule matches. */
  public Duration delay(Predicate<RequestMatcher> request) {
    return take(request, true)
        .map(fault -> (Fault.Latency) fault)
        .map(FaultInjector::sample)
        .orElse(Duration.ZERO);
  }

  /** The fault that decides this request's outcome, if a rule matches. */
  public Optional<Fault> outcome(Predicate<RequestMatcher> request) {
    return take(request, false);
  }

  /**
   * A handle on the rules as they are now: waiting on it ends early at the next {@link #clear()}.
   * Take it before looking up the fault, so that a clear in between cannot be missed.
   */
  public Release release() {
    return release;
  }

  /**
   * See {@link #release()}. Each waiting request has a latch of its own: timed waits on one shared
   * latch cost every wait that runs out a walk of all the others queued on it, quadratic in the
   * hundreds of requests a latency rule holds at once.
   */
  public static final class Release {

    private final Set<CountDownLatch> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean cleared;

    /** Waits until {@code duration} passes or the rules are cleared; true if cleared. */
    public boolean await(Duration duration) throws InterruptedException {
      CountDownLatch mine = new CountDownLatch(1);
      waiting.add(mine);
      try {
        // Read after joining: a clear meanwhile either saw this latch or is seen here.
        return cleared || mine.await(duration.toNanos(), TimeUnit.NANOSECONDS);
      } finally {
        waiting.remove(mine);
      }
    }

    private void releaseAll() {
      cleared = true;
      waiting.forEach(CountDownLatch::countDown);
    }
  }

  /** Removes every rule and releases waiting (delayed or hanging) requests. */
  public synchronized void clear() {
    rules.clear();
    empty = true;
    release.releaseAll();
    release = new Release();
  }

  private Optional<Fault> take(Predicate<RequestMatcher> request, boolean latency) {
    if (empty) {
      return Optional.empty();
    }
    synchronized (this) {
      for (int i = 0; i < rules.size(); i++) {
        FaultRule rule = rules.get(i);
        if ((rule.fault() instanceof Fault.Latency) == latency && request.test(rule.match())) {
          if (rule.remaining() == 1) {
            rules.remove(i);
            empty = rules.isEmpty();
          } else {
            rules.set(i, rule.used());
          }
          return Optional.of(rule.fault());
        }
      }
      return Optional.empty();
    }
  }

  private static Duration sample(Fault.Latency latency) {
    long jitterNanos = latency.jitter().toNanos();
    long extra = jitterNanos <= 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterNanos + 1);
    return latency.fixed().plusNanos(extra);
  }
}
