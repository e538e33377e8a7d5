package com.orderdeskmcp.sandbox.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Delayed and hanging requests end at their time, or all at once when the rules are cleared. */
class FaultInjectorTest {

  private static final Duration LONG = Duration.ofMinutes(1);

  private final FaultInjector faults = new FaultInjector();

  @Test
  void aClearReleasesEveryRequestWaitingThen() throws Exception {
    FaultInjector.Release release = faults.release();
    Queue<Thread> requestThreads = new ConcurrentLinkedQueue<>();
    try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> waits = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        waits.add(requests.submit(() -> {
          requestThreads.add(Thread.currentThread());
          return release.await(LONG);
        }));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> requestThreads.size() == 500
          && requestThreads.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
      faults.clear();
      for (Future<Boolean> wait : waits) {
        assertThat(wait.get(30, TimeUnit.SECONDS)).as("released by the clear").isTrue();
      }
    }
  }

  @Test
  void aClearBetweenTakingTheHandleAndWaitingIsNotMissed() throws Exception {
    FaultInjector.Release release = faults.release();
    faults.clear();

    assertThat(release.await(LONG)).isTrue();
  }

  @Test
  void aWaitRunsItsTimeWhenNothingIsClearedAndAnEarlierClearDoesNotCount() throws Exception {
    faults.clear();
    FaultInjector.Release release = faults.release();

    assertThat(release.await(Duration.ofMillis(50))).as("ran out, not released").isFalse();
    assertThat(faults.release()).isSameAs(release);
  }
}
