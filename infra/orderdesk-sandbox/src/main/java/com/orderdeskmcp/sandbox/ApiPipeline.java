package com.orderdeskmcp.sandbox;

import com.orderdeskmcp.sandbox.auth.Authenticator;
import com.orderdeskmcp.sandbox.control.FaultInjector;
import com.orderdeskmcp.sandbox.control.RequestLog;
import com.orderdeskmcp.sandbox.http.ApiException;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
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
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What every {@code /api/v2} request goes through: authenticate, take a rate-limit token, route,
 * apply an injected fault if one matches, run the handler, record the exchange.
 */
final class ApiPipeline {

  static final String PREFIX = "/api/v2";
  static final String TOKENS_REMAINING = "X-Tokens-Remaining";
  static final String RETRY_AFTER = "X-Retry-After";

  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final Router router;
  private final FaultInjector faults;
  private final RequestLog log;
  private final OrderService orders;
  private final InstantSource clock;

  ApiPipeline(Authenticator authenticator, RateLimiter rateLimiter, Router router, FaultInjector faults,
      RequestLog log, OrderService orders, InstantSource clock) {
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.router = router;
    this.faults = faults;
    this.log = log;
    this.orders = orders;
    this.clock = clock;
  }

  ApiResponse handle(RawRequest raw) {
    long started = System.nanoTime();
    Instant at = clock.instant();
    String apiPath = raw.path().length() > PREFIX.length() ? raw.path().substring(PREFIX.length()) : "/";
    String orderId = OrderRoutes.orderIdOf(apiPath);
    ApiResponse response = authenticated(raw, apiPath, orderId, started);
    log.record(new RecordedRequest(at, raw.header(Authenticator.STORE_ID_HEADER), raw.method(),
        raw.pathWithQuery(), orderId, response.status(), raw.body()));
    return response;
  }

  private ApiResponse authenticated(RawRequest raw, String apiPath, String orderId, long started) {
    StoreConfig store;
    try {
      store = authenticator.authenticate(raw);
    } catch (ApiException e) {
      return Errors.toResponse(e);
    }
    Optional<RateDecision> decision = rateLimiter.take(store.id());
    ApiResponse response = decision.isPresent() && !decision.get().allowed()
        ? tooManyRequests(decision.get())
        : routed(raw, apiPath, orderId, store, started);
    return decision
        .map(d -> response.withHeader(TOKENS_REMAINING, Integer.toString(d.tokensRemaining())))
        .orElse(response);
  }

  private ApiResponse routed(RawRequest raw, String apiPath, String orderId, StoreConfig store, long started) {
    try {
      return switch (router.resolve(raw.method(), apiPath)) {
        case RouteMatch.NotFound ignored ->
            ApiResponse.error(404, "Unknown endpoint " + raw.method() + " " + PREFIX + apiPath);
        case RouteMatch.MethodNotAllowed notAllowed ->
            ApiResponse.error(405, "Method " + raw.method() + " is not allowed on " + PREFIX + apiPath)
                .withHeader("Allow", String.join(", ", notAllowed.allowed()));
        case RouteMatch.Found found -> {
          OptionalInt fault = faults.take(store.id(), raw.method(), orderId);
          yield fault.isPresent()
              ? injected(fault.getAsInt(), store, orderId, raw)
              : found.handler().handle(new ApiRequest(raw.method(), apiPath, found.pathParams(),
                  raw.query(), raw.body(), store.id(), started));
        }
      };
    } catch (RuntimeException e) {
      return Errors.toResponse(e);
    }
  }

  private static ApiResponse tooManyRequests(RateDecision decision) {
    return ApiResponse.error(429, "Too Many Requests: the store's rate limit is exhausted, retry in "
            + decision.retryAfterSeconds() + " s")
        .withHeader(RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
  }

  /** An injected fault looks like the real failure would, and leaves all state untouched. */
  private ApiResponse injected(int status, StoreConfig store, String orderId, RawRequest raw) {
    return switch (status) {
      case 409 -> ApiResponse.error(409, conflictMessage(store, orderId, raw));
      case 429 -> ApiResponse.error(429, "Too Many Requests (injected by the sandbox)")
          .withHeader(RETRY_AFTER, "1");
      default -> ApiResponse.error(status, "Injected fault: HTTP " + status);
    };
  }

  private String conflictMessage(StoreConfig store, String orderId, RawRequest raw) {
    String stored = Optional.ofNullable(orderId)
        .flatMap(id -> orders.find(store.id(), id))
        .map(order -> order.path("date_updated").asText())
        .orElseGet(() -> Timestamps.format(clock.instant()));
    String sent = "your read";
    try {
      String given = Json.text(Json.parseObject(raw.body()).get("date_updated"));
      sent = given.isBlank() ? sent : given;
    } catch (IllegalArgumentException noUsableBody) {
      // keep the generic wording
    }
    return ConflictException.modifiedSince(sent, stored).getMessage();
  }
}
