package com.orderdeskmcp.sandbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Order GET + PUT throughput of the sandbox with the rate limit off, on loopback.
 *
 * <p>Each client thread owns one seeded order and one keep-alive connection and loops: {@code GET
 * /orders/{id}}, change the e-mail in the returned order, {@code PUT} it back (carrying the
 * {@code date_updated} it read, so the sandbox's conflict check runs on every write). Every response
 * must be a 200. After a warm-up, it counts requests (a GET and a PUT count as two) for a fixed time
 * and prints requests per second and latency percentiles.
 *
 * <p>Run: {@code ./mvnw -q -pl infra/orderdesk-sandbox test-compile exec:java@benchmark}, optionally with
 * {@code -Dexec.args="--threads 8 --seconds 10 --warmup 10"}.
 */
public final class GetPutBenchmark {

  private static final String STORE = "1001";
  private static final String KEY = "benchmark-key";

  private GetPutBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int threads = option(args, "--threads", 8);
    int seconds = option(args, "--seconds", 10);
    int warmup = option(args, "--warmup", 10);
    try (OrderDeskSandbox sandbox = OrderDeskSandbox.start(SandboxOptions.defaults().withoutRateLimit())) {
      sandbox.addStore(STORE, KEY);
      List<String> ids = sandbox.seedOrders(STORE, threads, 42L);
      System.out.printf(Locale.ROOT, "OrderDesk sandbox GET+PUT benchmark: %d client threads, %d s warm-up, %d s"
          + " measured, %d cores, Java %s%n", threads, warmup, seconds, Runtime.getRuntime().availableProcessors(),
          Runtime.version());
      Result warm = run(sandbox.port(), ids, warmup);
      System.out.printf(Locale.ROOT, "warm-up:  %,.0f requests/s%n", warm.requestsPerSecond());
      Result result = run(sandbox.port(), ids, seconds);
      System.out.printf(Locale.ROOT, "measured: %,.0f requests/s (%,.0f GET+PUT pairs/s), %,d requests, "
              + "latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          result.requestsPerSecond(), result.requestsPerSecond() / 2, result.requests(),
          result.percentileMillis(0.50), result.percentileMillis(0.99), result.percentileMillis(1.0));
      System.out.printf(Locale.ROOT, "CPU:      %.0f us per request (sandbox and client), system load average %.2f%n",
          result.cpuMicrosPerRequest(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /**
   * @param cpuNanos CPU time this process (sandbox and client together) used in the window: a figure
   *     that, unlike requests per second, does not depend on what else the machine is doing
   */
  private record Result(long requests, double seconds, long[] latencies, long cpuNanos) {

    double requestsPerSecond() {
      return requests / seconds;
    }

    double cpuMicrosPerRequest() {
      return cpuNanos / 1e3 / Math.max(1, requests);
    }

    double percentileMillis(double p) {
      if (latencies.length == 0) {
        return 0;
      }
      int index = (int) Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1);
      return latencies[Math.max(0, index)] / 1e6;
    }
  }

  private static Result run(int port, List<String> ids, int seconds) throws InterruptedException {
    ObjectMapper mapper = new ObjectMapper();
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder requests = new LongAdder();
    AtomicLong failures = new AtomicLong();
    CountDownLatch ready = new CountDownLatch(ids.size());
    CountDownLatch go = new CountDownLatch(1);
    List<long[]> samples = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (String id : ids) {
      long[] latencies = new long[2_000_000];
      samples.add(latencies);
      workers.add(Thread.ofPlatform().name("bench-" + id).start(() -> {
        int n = 0;
        try (KeepAliveClient client = new KeepAliveClient(port, STORE, KEY)) {
          String path = "/api/v2/orders/" + id;
          ready.countDown();
          go.await();
          for (long i = 0; !stop.get(); i++) {
            long t0 = System.nanoTime();
            KeepAliveClient.Response read = client.get(path);
            long t1 = System.nanoTime();
            check(read, failures);
            ObjectNode order = (ObjectNode) mapper.readTree(read.body()).get("order");
            order.put("email", "bench" + i + "@example.com");
            long t2 = System.nanoTime();
            KeepAliveClient.Response written = client.put(path, mapper.writeValueAsBytes(order));
            long t3 = System.nanoTime();
            check(written, failures);
            requests.add(2);
            if (n + 2 <= latencies.length) {
              latencies[n++] = t1 - t0;
              latencies[n++] = t3 - t2;
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          if (n < latencies.length) {
            latencies[n] = -1;
          }
        }
      }));
    }
    ready.await();
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    go.countDown();
    Thread.sleep(seconds * 1000L); // the measuring window itself, not synchronisation
    stop.set(true);
    long count = requests.sum();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long cpu = processCpuNanos() - cpuStart;
    for (Thread worker : workers) {
      worker.join();
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " responses were not 200");
    }
    long[] all = samples.stream()
        .flatMapToLong(s -> Arrays.stream(s).takeWhile(v -> v >= 0).filter(v -> v > 0))
        .sorted()
        .toArray();
    return new Result(count, elapsed, all, cpu);
  }

  private static void check(KeepAliveClient.Response response, AtomicLong failures) {
    if (response.status() != 200) {
      failures.incrementAndGet();
    }
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private static int option(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
