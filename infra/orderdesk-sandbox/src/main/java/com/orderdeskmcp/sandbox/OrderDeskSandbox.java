package com.orderdeskmcp.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.auth.Authenticator;
import com.orderdeskmcp.sandbox.control.ControlRoutes;
import com.orderdeskmcp.sandbox.control.FaultInjector;
import com.orderdeskmcp.sandbox.control.FaultRule;
import com.orderdeskmcp.sandbox.control.RequestLog;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
import com.orderdeskmcp.sandbox.http.Errors;
import com.orderdeskmcp.sandbox.http.HttpTransport;
import com.orderdeskmcp.sandbox.http.RawRequest;
import com.orderdeskmcp.sandbox.http.RouteMatch;
import com.orderdeskmcp.sandbox.http.Router;
import com.orderdeskmcp.sandbox.orders.OrderRoutes;
import com.orderdeskmcp.sandbox.orders.OrderSeeder;
import com.orderdeskmcp.sandbox.orders.OrderService;
import com.orderdeskmcp.sandbox.ratelimit.RateLimiter;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import com.orderdeskmcp.sandbox.store.StoreRegistry;
import com.orderdeskmcp.sandbox.store.StoreRoutes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * An in-memory emulator of the OrderDesk REST API v2 on 127.0.0.1, for tests and local demos.
 *
 * <p>Start one with {@link #start(SandboxOptions)}, add a store, point a client at {@link #baseUrl()}.
 * The Java methods act on the same state as the HTTP API, bypassing authentication, the rate limit,
 * injected faults and the request log. See the module README for the HTTP surface.
 */
public final class OrderDeskSandbox implements AutoCloseable {

  private static final int THREADS = 4;
  private static final String CONTROL_PREFIX = "/_sandbox";

  private final SandboxOptions options;
  private final StoreRegistry stores = new StoreRegistry();
  private final FaultInjector faults = new FaultInjector();
  private final RequestLog log = new RequestLog();
  private final RateLimiter rateLimiter;
  private final OrderService orders;
  private final ApiPipeline api;
  private final Router control = new Router();
  private final HttpTransport transport;

  private OrderDeskSandbox(SandboxOptions options) {
    this.options = options;
    this.rateLimiter = new RateLimiter(options.rateLimitEnabled(), options.burst(), options.refillPerSecond(),
        options.clock());
    this.orders = new OrderService(stores, options.clock());

    Router router = new Router();
    new StoreRoutes(stores, options.clock()).register(router);
    new OrderRoutes(orders, stores).register(router);
    this.api = new ApiPipeline(new Authenticator(stores), rateLimiter, router, faults, log, orders,
        options.clock());
    new ControlRoutes(faults, log, orders, this::reset).register(control);

    this.transport = HttpTransport.start(options.port(), THREADS, this::dispatch);
  }

  public static OrderDeskSandbox start(SandboxOptions options) {
    return new OrderDeskSandbox(options);
  }

  /** {@link SandboxOptions#defaults()}: random port, rate limit on. */
  public static OrderDeskSandbox start() {
    return start(SandboxOptions.defaults());
  }

  public SandboxOptions options() {
    return options;
  }

  /** {@code http://127.0.0.1:<port>/api/v2}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + ApiPipeline.PREFIX;
  }

  /** {@code http://127.0.0.1:<port>/_sandbox}. */
  public String controlUrl() {
    return "http://127.0.0.1:" + port() + CONTROL_PREFIX;
  }

  public int port() {
    return transport.port();
  }

  /** Adds a store with the default folders (1 New, 2 Prepared, 3 Shipped, 4 Archived). Idempotent. */
  public void addStore(String storeId, String apiKey) {
    addStore(StoreConfig.withDefaults(storeId, apiKey));
  }

  /** Adds a store, or replaces an existing store's settings (a new key, say) keeping its orders. */
  public void addStore(StoreConfig store) {
    stores.put(store);
  }

  /** Seeds {@code count} realistic orders; the same {@code randomSeed} gives the same orders. */
  public List<String> seedOrders(String storeId, int count, long randomSeed) {
    return OrderSeeder.seed(orders, stores.require(storeId), count, randomSeed, options.clock().instant());
  }

  /** A deep copy of the stored order. */
  public Optional<ObjectNode> order(String storeId, String orderId) {
    return orders.find(storeId, orderId);
  }

  /**
   * Creates an order with the rules of {@code POST /orders}.
   *
   * @throws IllegalArgumentException when the order is invalid (the message says why)
   */
  public ObjectNode createOrder(String storeId, ObjectNode order) {
    return orders.create(storeId, order.deepCopy());
  }

  /**
   * Changes an order the way a person in the OrderDesk UI would: {@code change} edits a copy, which is
   * then stored with recomputed totals and a later {@code date_updated}.
   *
   * @throws java.util.NoSuchElementException when the order does not exist
   */
  public void modifyOrder(String storeId, String orderId, Consumer<ObjectNode> change) {
    orders.modify(storeId, orderId, change);
  }

  /**
   * Answers the next {@code times} API requests of {@code storeId} that match with {@code status} and an
   * error envelope, without touching any state. A 409 carries the conflict message.
   *
   * @param orderId only requests addressing this order, or null for any
   * @param method only this HTTP method, or null for any
   */
  public void failNext(String storeId, String orderId, String method, int status, int times) {
    faults.add(new FaultRule(storeId, orderId, method, status, times));
  }

  /** Every API request since the last reset, oldest first (the newest 10,000 are kept). */
  public List<RecordedRequest> requests() {
    return log.snapshot();
  }

  /** How many recorded API requests match; a null argument matches anything. */
  public long countRequests(String storeId, String method, String orderId) {
    return log.count(storeId, method, orderId);
  }

  /** Clears injected faults and the request log, and refills rate-limit buckets; stores and orders stay. */
  public void reset() {
    faults.clear();
    log.clear();
    rateLimiter.refillAll();
  }

  @Override
  public void close() {
    transport.close();
  }

  private ApiResponse dispatch(RawRequest raw) {
    if (raw.path().equals(ApiPipeline.PREFIX) || raw.path().startsWith(ApiPipeline.PREFIX + "/")) {
      return api.handle(raw);
    }
    if (raw.path().equals(CONTROL_PREFIX) || raw.path().startsWith(CONTROL_PREFIX + "/")) {
      return controlRequest(raw);
    }
    return ApiResponse.error(404, "Unknown path " + raw.path() + "; the API lives under " + ApiPipeline.PREFIX);
  }

  private ApiResponse controlRequest(RawRequest raw) {
    // The server binds to 127.0.0.1 only; this guards against that ever changing.
    if (!raw.remoteAddress().isLoopbackAddress()) {
      return ApiResponse.error(403, "The sandbox control API answers only on loopback");
    }
    long started = System.nanoTime();
    String path = raw.path().substring(CONTROL_PREFIX.length());
    try {
      return switch (control.resolve(raw.method(), path)) {
        case RouteMatch.NotFound ignored -> ApiResponse.error(404, "Unknown control endpoint " + raw.path());
        case RouteMatch.MethodNotAllowed notAllowed ->
            ApiResponse.error(405, "Method " + raw.method() + " is not allowed on " + raw.path())
                .withHeader("Allow", String.join(", ", notAllowed.allowed()));
        case RouteMatch.Found found -> found.handler().handle(new ApiRequest(raw.method(), path,
            found.pathParams(), raw.query(), raw.body(), null, started));
      };
    } catch (RuntimeException e) {
      return Errors.toResponse(e);
    }
  }

  /**
   * Runs a sandbox until killed: {@code --port N --store ID:KEY [--store ...] --seed N --no-rate-limit}.
   */
  public static void main(String[] args) throws InterruptedException {
    SandboxCommandLine commandLine;
    try {
      commandLine = SandboxCommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(SandboxCommandLine.USAGE);
      System.exit(2);
      return;
    }
    OrderDeskSandbox sandbox = start(SandboxOptions.defaults()
        .withPort(commandLine.port())
        .withRateLimit(commandLine.rateLimit()));
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "orderdesk-sandbox-shutdown"));
    for (SandboxCommandLine.Store store : commandLine.stores()) {
      sandbox.addStore(store.id(), store.apiKey());
      List<String> seeded = sandbox.seedOrders(store.id(), commandLine.seedOrders(), store.id().hashCode());
      System.out.println("Store " + store.id() + ": " + seeded.size() + " orders");
    }
    System.out.println("OrderDesk sandbox: " + sandbox.baseUrl());
    System.out.flush();
    // The server's threads are daemons; this keeps the JVM up until it is killed.
    new CountDownLatch(1).await();
  }
}
