package com.orderdeskmcp.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.auth.Authenticator;
import com.orderdeskmcp.sandbox.control.ControlRoutes;
import com.orderdeskmcp.sandbox.control.Fault;
import com.orderdeskmcp.sandbox.control.FaultInjector;
import com.orderdeskmcp.sandbox.control.FaultRule;
import com.orderdeskmcp.sandbox.control.OutsideWriters;
import com.orderdeskmcp.sandbox.control.RequestLog;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import com.orderdeskmcp.sandbox.control.RequestStats;
import com.orderdeskmcp.sandbox.control.TrafficStats;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
import com.orderdeskmcp.sandbox.http.Errors;
import com.orderdeskmcp.sandbox.http.HttpTransport;
import com.orderdeskmcp.sandbox.http.RawRequest;
import com.orderdeskmcp.sandbox.http.RouteMatch;
import com.orderdeskmcp.sandbox.http.Router;
import com.orderdeskmcp.sandbox.inventory.InventoryRoutes;
import com.orderdeskmcp.sandbox.inventory.InventorySeeder;
import com.orderdeskmcp.sandbox.inventory.InventoryService;
import com.orderdeskmcp.sandbox.orders.MoveOrdersRoutes;
import com.orderdeskmcp.sandbox.orders.OrderHistoryRoutes;
import com.orderdeskmcp.sandbox.orders.OrderItemRoutes;
import com.orderdeskmcp.sandbox.orders.OrderRoutes;
import com.orderdeskmcp.sandbox.orders.OrderSeeder;
import com.orderdeskmcp.sandbox.orders.OrderService;
import com.orderdeskmcp.sandbox.ratelimit.RateLimiter;
import com.orderdeskmcp.sandbox.shipments.ShipmentRoutes;
import com.orderdeskmcp.sandbox.shipments.Shipments;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import com.orderdeskmcp.sandbox.store.StoreRegistry;
import com.orderdeskmcp.sandbox.store.StoreRoutes;
import com.orderdeskmcp.sandbox.webhooks.PostOrderJson;
import com.orderdeskmcp.sandbox.webhooks.WebhookConfig;
import com.orderdeskmcp.sandbox.webhooks.WebhookDelivery;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * An in-memory emulator of the OrderDesk REST API v2, for tests, benchmarks and local demos.
 *
 * <p>Start one with {@link #start(SandboxOptions)}, add a store, point a client at {@link #baseUrl()}.
 * The Java methods act on the same state as the HTTP API, bypassing authentication, the rate limit,
 * injected faults and the request log; the control API under {@link #controlUrl()} offers the same
 * controls over HTTP to holders of {@link #controlToken()}. See the module README for the surface.
 */
public final class OrderDeskSandbox implements AutoCloseable {

  /** The header the control API demands; store credentials are never accepted there. */
  public static final String CONTROL_TOKEN_HEADER = "X-Sandbox-Control-Token";
  private static final String CONTROL_PREFIX = "/_sandbox";

  private final SandboxOptions options;
  private final String controlToken;
  private final StoreRegistry stores = new StoreRegistry();
  private final FaultInjector faults = new FaultInjector();
  private final OutsideWriters outsideWriters = new OutsideWriters();
  private final RequestLog log = new RequestLog();
  private final TrafficStats traffic = new TrafficStats();
  private final RateLimiter rateLimiter;
  private final PostOrderJson webhooks;
  private final OrderService orders;
  private final InventoryService inventory;
  private final ApiPipeline api;
  private final Router control = new Router();
  private final HttpTransport transport;

  private OrderDeskSandbox(SandboxOptions options) {
    this.options = options;
    this.controlToken = options.controlToken() != null ? options.controlToken() : randomToken();
    this.rateLimiter = new RateLimiter(options.rateLimitEnabled(), options.burst(), options.refillPerSecond(),
        options.clock());
    this.webhooks = new PostOrderJson(stores, options.clock());
    this.orders = new OrderService(stores, options.clock(), webhooks::orderChanged);
    this.inventory = new InventoryService(stores, options.clock());

    Router router = new Router();
    new StoreRoutes(stores, options.clock()).register(router);
    new OrderRoutes(orders, stores).register(router);
    new OrderItemRoutes(orders).register(router);
    new OrderHistoryRoutes(orders).register(router);
    new MoveOrdersRoutes(orders, stores).register(router);
    new ShipmentRoutes(orders, new Shipments(orders, options.clock())).register(router);
    new InventoryRoutes(inventory).register(router);
    this.api = new ApiPipeline(new Authenticator(stores), rateLimiter, router, faults, outsideWriters, log, traffic,
        orders, options.clock());
    new ControlRoutes(this).register(control);

    this.transport = HttpTransport.start(address(options.bindAddress()), options.port(), this::dispatch);
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

  /** {@code http://127.0.0.1:<port>/api/v2} (the bind address instead when it is a specific one). */
  public String baseUrl() {
    return "http://" + host() + ":" + port() + ApiPipeline.PREFIX;
  }

  /** {@code http://127.0.0.1:<port>/_sandbox}; every call needs {@link #CONTROL_TOKEN_HEADER}. */
  public String controlUrl() {
    return "http://" + host() + ":" + port() + CONTROL_PREFIX;
  }

  /** The secret the control API demands in {@value #CONTROL_TOKEN_HEADER}. */
  public String controlToken() {
    return controlToken;
  }

  public int port() {
    return transport.port();
  }

  // ---------------------------------------------------------------------------------------------
  // Stores and their data

  /** Adds a store with the default folders (1 New, 2 Prepared, 3 Shipped, 4 Archived). Idempotent. */
  public void addStore(String storeId, String apiKey) {
    addStore(StoreConfig.withDefaults(storeId, apiKey));
  }

  /** Adds a store, or replaces an existing store's settings (a new key, say) keeping its orders. */
  public void addStore(StoreConfig store) {
    stores.put(store);
  }

  /** The store's settings, if it exists. */
  public Optional<StoreConfig> store(String storeId) {
    return stores.find(storeId);
  }

  /** Removes a store with its orders, inventory and webhook; its credentials stop working. */
  public void removeStore(String storeId) {
    webhooks.remove(storeId);
    orders.clear(storeId);
    inventory.clear(storeId);
    stores.remove(storeId);
  }

  /**
   * Seeds {@code count} realistic orders (with shipments on shipped ones and some history); the same
   * {@code randomSeed} gives the same orders. Seeding sends no webhooks.
   */
  public List<String> seedOrders(String storeId, int count, long randomSeed) {
    return OrderSeeder.seed(orders, stores.require(storeId), count, randomSeed, options.clock().instant());
  }

  /** Seeds one inventory item per product the seeded orders use (codes the store lacks only). */
  public List<Integer> seedInventory(String storeId, long randomSeed) {
    stores.require(storeId);
    return InventorySeeder.seed(inventory, storeId, randomSeed, options.clock().instant());
  }

  /** A deep copy of the stored order (without its history). */
  public Optional<ObjectNode> order(String storeId, String orderId) {
    return orders.find(storeId, orderId);
  }

  /**
   * The order's history entries ({@code source_name}, {@code note}, {@code date_added}), oldest first.
   *
   * @throws java.util.NoSuchElementException when the order does not exist
   */
  public List<ObjectNode> orderHistory(String storeId, String orderId) {
    return orders.history(storeId, orderId);
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
   * An outside writer that strikes between a client's read and its write: right after the sandbox
   * answers the next {@code GET /orders/{orderId}} of this store (the client holds the old copy),
   * {@code change} is applied as by {@link #modifyOrder}. A client that then PUTs its copy with the
   * {@code date_updated} it read gets 409.
   */
  public void modifyAfterNextGet(String storeId, String orderId, Consumer<ObjectNode> change) {
    stores.require(storeId);
    outsideWriters.add(storeId, orderId, OutsideWriters.Trigger.AFTER_NEXT_GET, change);
  }

  /** Like {@link #modifyAfterNextGet}, but right before the sandbox handles the next {@code PUT /orders/{orderId}}. */
  public void modifyBeforeNextPut(String storeId, String orderId, Consumer<ObjectNode> change) {
    stores.require(storeId);
    outsideWriters.add(storeId, orderId, OutsideWriters.Trigger.BEFORE_NEXT_PUT, change);
  }

  /** A copy of the inventory item, if the store has one with this id. */
  public Optional<ObjectNode> inventoryItem(String storeId, int itemId) {
    return inventory.find(storeId, Integer.toString(itemId));
  }

  /** Copies of all the store's inventory items, by ascending id. */
  public List<ObjectNode> inventoryItems(String storeId) {
    return inventory.all(storeId);
  }

  // ---------------------------------------------------------------------------------------------
  // Faults

  /**
   * Answers the next {@code times} API requests of {@code storeId} that match with {@code status} and an
   * error envelope, without touching any state. A 409 carries the conflict message.
   *
   * @param orderId only requests addressing this order, or null for any
   * @param method only this HTTP method, or null for any
   */
  public void failNext(String storeId, String orderId, String method, int status, int times) {
    failNext(new RequestMatcher(Objects.requireNonNull(storeId, "storeId"), method, null, orderId),
        status, times);
  }

  /** Answers the next {@code times} matching requests with {@code status}; nothing changes. */
  public void failNext(RequestMatcher match, int status, int times) {
    inject(match, Fault.status(status), times);
  }

  /** Delays every matching request by {@code fixed} plus a random part of {@code jitter}, until reset. */
  public void addLatency(RequestMatcher match, Duration fixed, Duration jitter) {
    inject(match, Fault.latency(fixed, jitter), FaultRule.UNTIL_RESET);
  }

  /**
   * Holds the next {@code times} matching requests unanswered for {@code hangFor} (or until
   * {@link #reset()} or {@link #close()}), then closes their connections. They take no effect.
   */
  public void hangNext(RequestMatcher match, Duration hangFor, int times) {
    inject(match, Fault.hang(hangFor), times);
  }

  /**
   * Carries out the next {@code times} matching requests, then closes the connection without an answer:
   * the change is made, the client cannot know.
   */
  public void dropAfterApplyNext(RequestMatcher match, int times) {
    inject(match, Fault.dropAfterApply(), times);
  }

  /**
   * The general form: applies {@code fault} to the next {@code times} matching requests
   * ({@link FaultRule#UNTIL_RESET} for all). Rules apply in the order they were added.
   */
  public void inject(RequestMatcher match, Fault fault, int times) {
    faults.add(new FaultRule(match, fault, times));
  }

  /** Removes every fault rule and releases hanging requests; nothing else changes. */
  public void clearFaults() {
    faults.clear();
  }

  /** The fault rules still pending. */
  public List<FaultRule> faults() {
    return faults.rules();
  }

  // ---------------------------------------------------------------------------------------------
  // Observing traffic

  /** Every API request since the last reset, oldest first (the newest 10,000 are kept). */
  public List<RecordedRequest> requests() {
    return log.snapshot();
  }

  /** The logged requests that {@code match} selects, oldest first. */
  public List<RecordedRequest> requests(RequestMatcher match) {
    return log.matching(match);
  }

  /** How many recorded API requests match; a null argument matches anything. */
  public long countRequests(String storeId, String method, String orderId) {
    return log.count(storeId, method, orderId);
  }

  /** How many logged requests {@code match} selects (the log keeps the newest 10,000; see {@link #stats}). */
  public long countRequests(RequestMatcher match) {
    return log.count(match);
  }

  /** Untruncated counts and the peak one-second request rate of one store since the last reset. */
  public RequestStats stats(String storeId) {
    return traffic.of(storeId);
  }

  /** {@link #stats(String)} for every store that received requests, by store id. */
  public Map<String, RequestStats> stats() {
    return traffic.all();
  }

  /** The most requests naming {@code storeId} that arrived within any one second since the last reset. */
  public int peakRequestsPerSecond(String storeId) {
    return traffic.of(storeId).peakPerSecond();
  }

  // ---------------------------------------------------------------------------------------------
  // Rate limit and webhooks

  /** Whether the rate limit applies right now. */
  public boolean rateLimitEnabled() {
    return rateLimiter.enabled();
  }

  /** Turns the rate limit on or off until the next {@link #reset()}, which restores the configured setting. */
  public void setRateLimitEnabled(boolean enabled) {
    rateLimiter.setEnabled(enabled);
  }

  /** Sets the store's "Post Order JSON" rule (one per store; a new one replaces the old). */
  public void configureWebhook(String storeId, WebhookConfig config) {
    webhooks.configure(storeId, config);
  }

  public void removeWebhook(String storeId) {
    webhooks.remove(storeId);
  }

  /** Every notification attempt since the last reset, oldest first. */
  public List<WebhookDelivery> webhookDeliveries() {
    return webhooks.deliveries();
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /**
   * Back to a clean slate for the next test: clears injected faults (releasing hung requests),
   * pending outside writes, the request log and statistics, webhook rules, deliveries and pending
   * retries; refills the rate-limit buckets and restores the configured rate-limit setting. Stores,
   * orders and inventory stay.
   */
  public void reset() {
    faults.clear();
    outsideWriters.clear();
    log.clear();
    traffic.clear();
    webhooks.reset();
    rateLimiter.setEnabled(options.rateLimitEnabled());
    rateLimiter.refillAll();
  }

  @Override
  public void close() {
    faults.clear();
    transport.close();
    webhooks.close();
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
    String token = raw.header(CONTROL_TOKEN_HEADER);
    if (token == null || !MessageDigest.isEqual(token.trim().getBytes(StandardCharsets.UTF_8),
        controlToken.getBytes(StandardCharsets.UTF_8))) {
      // Store credentials never open the control API, whatever they are.
      return ApiResponse.error(401, "The sandbox control API needs the " + CONTROL_TOKEN_HEADER + " header");
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

  private String host() {
    String bind = options.bindAddress();
    return bind.equals("0.0.0.0") || bind.equals("::") ? SandboxOptions.LOOPBACK : bind;
  }

  private static InetAddress address(String bindAddress) {
    try {
      return InetAddress.getByName(bindAddress);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Cannot bind to " + bindAddress, e);
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Runs a sandbox until killed; see {@link SandboxCommandLine#USAGE}. */
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
    OrderDeskSandbox sandbox = start(commandLine.options());
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "orderdesk-sandbox-shutdown"));
    for (StoreConfig store : commandLine.storeConfigs()) {
      sandbox.addStore(store);
      List<String> seeded = sandbox.seedOrders(store.id(), commandLine.seedOrders(), store.id().hashCode());
      int items = commandLine.seedOrders() > 0 ? sandbox.seedInventory(store.id(), store.id().hashCode()).size() : 0;
      System.out.println("Store " + store.id() + " (" + store.timezone() + ", folders " + store.folders() + "): "
          + seeded.size() + " orders, " + items + " inventory items");
    }
    System.out.println("OrderDesk sandbox: " + sandbox.baseUrl()
        + (sandbox.options().rateLimitEnabled() ? "" : " (rate limit off)"));
    System.out.println("Control API: " + sandbox.controlUrl() + " with header " + CONTROL_TOKEN_HEADER + ": "
        + sandbox.controlToken());
    System.out.flush();
    // The server's threads are daemons; this keeps the JVM up until it is killed.
    new CountDownLatch(1).await();
  }
}
