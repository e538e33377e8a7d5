package com.orderdeskmcp.sandbox.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import com.orderdeskmcp.sandbox.store.StoreRegistry;
import com.orderdeskmcp.sandbox.support.Json;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OrderDesk's "Post Order JSON" rule action: on a selected order event, {@code POST} the order to the
 * store's URL as {@code application/x-www-form-urlencoded} with the single field {@code order} (the
 * order JSON, API field names), {@code X-ORDER-DESK-STORE-ID} and {@code X-ORDER-DESK-HASH}. A status
 * other than 200 or 201, a refused connection or a timeout is retried up to five times, the wait
 * doubling from the configured backoff.
 *
 * <p>Everything happens on this class's own thread and the HTTP client's: an order write only hands
 * over a copy of the order, so a slow or dead receiver never slows the API.
 */
public final class PostOrderJson implements AutoCloseable {

  public static final String STORE_ID_HEADER = "X-ORDER-DESK-STORE-ID";
  public static final String HASH_HEADER = "X-ORDER-DESK-HASH";
  static final int LOG_CAPACITY = 10_000;

  private static final System.Logger LOG = System.getLogger(PostOrderJson.class.getName());

  private final StoreRegistry stores;
  private final InstantSource clock;
  private final ConcurrentMap<String, WebhookConfig> configs = new ConcurrentHashMap<>();
  private final Deque<WebhookDelivery> deliveries = new ArrayDeque<>();
  /** Bumped by {@link #reset()}: posts and retries of an older generation are abandoned. */
  private final AtomicLong generation = new AtomicLong();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("orderdesk-sandbox-webhooks").daemon().factory());
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  private record Notification(String storeId, String apiKey, WebhookEvent event, String orderId, String orderJson,
      WebhookConfig config, long generation) {
  }

  public PostOrderJson(StoreRegistry stores, InstantSource clock) {
    this.stores = stores;
    this.clock = clock;
  }

  public void configure(String storeId, WebhookConfig config) {
    stores.require(storeId);
    configs.put(storeId, config);
  }

  public void remove(String storeId) {
    configs.remove(storeId);
  }

  /** Queues a post if the store listens for {@code event}; returns at once, keeping a copy of {@code order}. */
  public void orderChanged(String storeId, WebhookEvent event, ObjectNode order) {
    WebhookConfig config = configs.get(storeId);
    if (config == null || !config.events().contains(event)) {
      return;
    }
    Optional<StoreConfig> store = stores.find(storeId);
    if (store.isEmpty()) {
      return;
    }
    long current = generation.get();
    ObjectNode copy = order.deepCopy();
    submit(() -> {
      String json = Json.writeString(copy);
      attempt(new Notification(storeId, store.get().apiKey(), event, copy.path("id").asText(), json, config,
          current), 1);
    }, Duration.ZERO);
  }

  /** Every attempt since the last reset, oldest first (the newest 10,000 are kept). */
  public synchronized List<WebhookDelivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Forgets every store's rule, the delivery log and every pending retry. */
  public void reset() {
    generation.incrementAndGet();
    configs.clear();
    synchronized (this) {
      deliveries.clear();
    }
  }

  @Override
  public void close() {
    generation.incrementAndGet();
    scheduler.shutdownNow();
    client.shutdownNow();
  }

  private void attempt(Notification notification, int attempt) {
    if (notification.generation() != generation.get()) {
      return;
    }
    HttpRequest request = HttpRequest.newBuilder(notification.config().url())
        .timeout(notification.config().timeout())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("User-Agent", "OrderDesk sandbox (Post Order JSON)")
        .header(STORE_ID_HEADER, notification.storeId())
        .header(HASH_HEADER, OrderSignature.sign(notification.orderJson(), notification.apiKey()))
        .POST(HttpRequest.BodyPublishers.ofString(
            "order=" + URLEncoder.encode(notification.orderJson(), StandardCharsets.UTF_8)))
        .build();
    client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
      int status = response == null ? 0 : response.statusCode();
      String error = failure == null ? null : describe(failure);
      boolean delivered = status == 200 || status == 201;
      boolean retry = !delivered && attempt <= WebhookConfig.MAX_RETRIES;
      if (notification.generation() != generation.get()) {
        return;
      }
      record(new WebhookDelivery(clock.instant(), notification.storeId(), notification.event(),
          notification.orderId(), notification.config().url().toString(), attempt, status, error, retry));
      if (retry) {
        Duration wait = notification.config().retryBackoff().multipliedBy(1L << (attempt - 1));
        submit(() -> attempt(notification, attempt + 1), wait);
      }
    });
  }

  private void submit(Runnable task, Duration delay) {
    try {
      scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      LOG.log(Level.DEBUG, "Sandbox closed; order notification dropped");
    }
  }

  private synchronized void record(WebhookDelivery delivery) {
    if (deliveries.size() == LOG_CAPACITY) {
      deliveries.removeFirst();
    }
    deliveries.addLast(delivery);
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
