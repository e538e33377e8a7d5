package com.orderdeskmcp.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.auth.Authenticator;
import com.orderdeskmcp.sandbox.control.Fault;
import com.orderdeskmcp.sandbox.control.FaultInjector;
import com.orderdeskmcp.sandbox.control.OutsideWriters;
import com.orderdeskmcp.sandbox.control.RequestLog;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import com.orderdeskmcp.sandbox.control.TrafficStats;
import com.orderdeskmcp.sandbox.http.ApiException;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
import com.orderdeskmcp.sandbox.http.DroppedConnection;
import com.orderdeskmcp.sandbox.http.Errors;
import com.orderdeskmcp.sandbox.http.RawRequest;
import com.orderdeskmcp.sandbox.http.RouteMatch;
import com.orderdeskmcp.sandbox.http.Router;
import com.orderdeskmcp.sandbox.orders.OrderRoutes;
import com.orderdeskmcp.sandbox.orders.OrderService;
import com.orderdeskmcp.sandbox.ratelimit.RateDecision;
import com.orderdeskmcp.sandbox.ratelimit.RateLimiter;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import com.orderdeskmcp.sandbox.support.ConflictException;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Timestamps;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What every {@code /api/v2} request goes through: count its arrival, authenticate, take a
 * rate-limit token, route, apply injected latency and faults and pending outside writes, run the
 * handler, and record the exchange in the log and the statistics.
 */
final class ApiPipeline {

  static final String PREFIX = "/api/v2";
  static final String TOKENS_REMAINING = "X-Tokens-Remaining";
  static final String RETRY_AFTER = "X-Retry-After";
  /** The one route outside writers watch: a client reading or replacing a whole order. */
  private static final String ORDER_ROUTE = "/orders/{id}";
  private static final System.Logger LOG = System.getLogger(ApiPipeline.class.getName());

  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final Router router;
  private final FaultInjector faults;
  private final OutsideWriters outsideWriters;
  private final RequestLog log;
  private final TrafficStats traffic;
  private final OrderService orders;
  private final InstantSource clock;

  ApiPipeline(Authenticator authenticator, RateLimiter rateLimiter, Router router, FaultInjector faults,
      OutsideWriters outsideWriters, RequestLog log, TrafficStats traffic, OrderService orders, InstantSource clock) {
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.router = router;
    this.faults = faults;
    this.outsideWriters = outsideWriters;
    this.log = log;
    this.traffic = traffic;
    this.orders = orders;
    this.clock = clock;
  }

  /** One request on its way through; records itself exactly once. */
  private final class Call {
    final RawRequest raw;
    final String apiPath;
    final String orderId;
    final String storeHeader;
    final RouteMatch route;
    final Instant at;
    final long started;
    boolean rateLimited;
    private boolean finished;

    Call(RawRequest raw, String apiPath, RouteMatch route, Instant at, long started) {
      this.raw = raw;
      this.apiPath = apiPath;
      this.orderId = OrderRoutes.orderIdOf(apiPath);
      this.storeHeader = raw.header(Authenticator.STORE_ID_HEADER);
      this.route = route;
      this.at = at;
      this.started = started;
    }

    /** @param status the answer's status, or 0 when the connection is closed without one */
    void finish(int status) {
      if (finished) {
        return;
      }
      finished = true;
      log.record(new RecordedRequest(at, storeHeader, raw.method(), raw.pathWithQuery(), orderId, status, raw.body()));
      traffic.completed(storeHeader, raw.method(), route.pattern(), status, rateLimited);
    }

    Predicate<RequestMatcher> matchedBy(String storeId) {
      return matcher -> matcher.matches(storeId, raw.method(), apiPath, orderId);
    }
  }

  ApiResponse handle(RawRequest raw) {
    long started = System.nanoTime();
    Instant at = clock.instant();
    String apiPath = raw.path().length() > PREFIX.length() ? raw.path().substring(PREFIX.length()) : "/";
    Call call = new Call(raw, apiPath, router.resolve(raw.method(), apiPath), at, started);
    traffic.arrived(call.storeHeader, at);
    try {
      ApiResponse response = authenticated(call);
      call.finish(response.status());
      return response;
    } catch (DroppedConnection drop) {
      call.finish(0);
      throw drop;
    }
  }

  private ApiResponse authenticated(Call call) {
    StoreConfig store;
    try {
      store = authenticator.authenticate(call.raw);
    } catch (ApiException e) {
      return Errors.toResponse(e);
    }
    Optional<RateDecision> decision = rateLimiter.take(store.id());
    call.rateLimited = decision.isPresent() && !decision.get().allowed();
    ApiResponse response = call.rateLimited ? tooManyRequests(decision.get()) : routed(call, store);
    return decision
        .map(d -> response.withHeader(TOKENS_REMAINING, Integer.toString(d.tokensRemaining())))
        .orElse(response);
  }

  private ApiResponse routed(Call call, StoreConfig store) {
    return switch (call.route) {
      case RouteMatch.NotFound ignored ->
          ApiResponse.error(404, "Unknown endpoint " + call.raw.method() + " " + PREFIX + call.apiPath);
      case RouteMatch.MethodNotAllowed notAllowed ->
          ApiResponse.error(405, "Method " + call.raw.method() + " is not allowed on " + PREFIX + call.apiPath)
              .withHeader("Allow", String.join(", ", notAllowed.allowed()));
      case RouteMatch.Found found -> withFaults(call, store, found);
    };
  }

  private ApiResponse withFaults(Call call, StoreConfig store, RouteMatch.Found found) {
    Predicate<RequestMatcher> matches = call.matchedBy(store.id());
    FaultInjector.Release release = faults.release();
    Duration delay = faults.delay(matches);
    if (!delay.isZero()) {
      waitOut(release, delay);
    }
    Optional<Fault> fault = faults.outcome(matches);
    if (fault.isEmpty()) {
      return execute(call, store, found);
    }
    return switch (fault.get()) {
      case Fault.Status status -> injected(status.status(), store, call);
      case Fault.DropConnection drop -> {
        if (drop.applyFirst()) {
          execute(call, store, found);
        }
        throw new DroppedConnection();
      }
      case Fault.Hang hang -> {
        if (hang.applyFirst()) {
          execute(call, store, found);
        }
        // Logged now: a test waiting for the client's timeout can already see the request.
        call.finish(0);
        waitOut(release, hang.duration());
        throw new DroppedConnection();
      }
      case Fault.Latency ignored -> throw new IllegalStateException("latency is not an outcome");
    };
  }

  /** The handler, with any outside write that waits for this moment; never throws. */
  private ApiResponse execute(Call call, StoreConfig store, RouteMatch.Found found) {
    try {
      boolean orderRoute = ORDER_ROUTE.equals(found.pattern());
      if (orderRoute && call.raw.method().equals("PUT")) {
        outsideWriters.take(store.id(), call.orderId, OutsideWriters.Trigger.BEFORE_NEXT_PUT)
            .ifPresent(change -> writeFromOutside(store.id(), call.orderId, change));
      }
      ApiResponse response = found.handler().handle(new ApiRequest(call.raw.method(), call.apiPath,
          found.pathParams(), call.raw.query(), call.raw.body(), store.id(), call.started));
      if (orderRoute && call.raw.method().equals("GET") && response.status() == 200) {
        // The answer is already built from a copy: the client gets the order as it was.
        outsideWriters.take(store.id(), call.orderId, OutsideWriters.Trigger.AFTER_NEXT_GET)
            .ifPresent(change -> writeFromOutside(store.id(), call.orderId, change));
      }
      return response;
    } catch (RuntimeException e) {
      return Errors.toResponse(e);
    }
  }

  private void writeFromOutside(String storeId, String orderId, Consumer<ObjectNode> change) {
    try {
      orders.modify(storeId, orderId, change);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Outside write to order " + orderId + " failed: " + e);
    }
  }

  /** Waits out injected latency or a hang; a reset or close ends the wait early. */
  private static void waitOut(FaultInjector.Release release, Duration duration) {
    try {
      release.await(duration);
    } catch (InterruptedException e) {
      // The sandbox is closing.
      Thread.currentThread().interrupt();
      throw new DroppedConnection();
    }
  }

  private static ApiResponse tooManyRequests(RateDecision decision) {
    return ApiResponse.error(429, "Too Many Requests: the store's rate limit is exhausted, retry in "
            + decision.retryAfterSeconds() + " s")
        .withHeader(RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
  }

  /** An injected fault looks like the real failure would, and leaves all state untouched. */
  private ApiResponse injected(int status, StoreConfig store, Call call) {
    return switch (status) {
      case 409 -> ApiResponse.error(409, conflictMessage(store, call));
      case 429 -> ApiResponse.error(429, "Too Many Requests (injected by the sandbox)")
          .withHeader(RETRY_AFTER, "1");
      default -> ApiResponse.error(status, "Injected fault: HTTP " + status);
    };
  }

  private String conflictMessage(StoreConfig store, Call call) {
    String stored = Optional.ofNullable(call.orderId)
        .flatMap(id -> orders.find(store.id(), id))
        .map(order -> order.path("date_updated").asText())
        .orElseGet(() -> Timestamps.format(clock.instant()));
    String sent = "your read";
    try {
      String given = Json.text(Json.parseObject(call.raw.body()).get("date_updated"));
      sent = given.isBlank() ? sent : given;
    } catch (IllegalArgumentException noUsableBody) {
      // keep the generic wording
    }
    return ConflictException.modifiedSince(sent, stored).getMessage();
  }
}
