package com.orderdeskmcp.sandbox.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Parallel clients over HTTP: the per-store lock must not lose writes or hand out a timestamp twice. */
class ConcurrentWritesTest extends SandboxTestBase {

  private static final int THREADS = 6;
  private static final int PER_THREAD = 15;

  @Test
  void parallelCreatesGetDistinctIdsAndAreAllStored() throws Exception {
    List<String> ids = runInParallel(() -> api.post("/orders", Orders.minimal()).order().get("id").asText());

    assertThat(ids).hasSize(THREADS * PER_THREAD).doesNotHaveDuplicates();
    assertThat(api.get("/orders?limit=500").json().get("total_records").asInt()).isEqualTo(THREADS * PER_THREAD);
  }

  @Test
  void parallelUpdatesOfOneOrderEachGetTheirOwnDateUpdated() throws Exception {
    ObjectNode order = createViaApi(Orders.minimal());
    String path = "/orders/" + order.get("id").asText();
    order.remove("date_updated");

    List<String> stamps = runInParallel(() -> {
      ApiClient.Reply reply = api.put(path, order);
      assertThat(reply.status()).isEqualTo(200);
      return reply.order().get("date_updated").asText();
    });

    // The clock never moves here, so every write had to step one second past the previous one.
    assertThat(stamps).doesNotHaveDuplicates();
    String last = api.get(path).order().get("date_updated").asText();
    assertThat(stamps).allSatisfy(stamp -> assertThat(stamp).isLessThanOrEqualTo(last));
    assertThat(last).isEqualTo("2025-03-14 09:28:23"); // 09:26:53 + 90 writes
  }

  private List<String> runInParallel(Callable<String> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS * PER_THREAD; i++) {
        futures.add(pool.submit(call));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
