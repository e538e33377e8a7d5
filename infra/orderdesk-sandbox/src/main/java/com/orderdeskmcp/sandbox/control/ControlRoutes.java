package com.orderdeskmcp.sandbox.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.RecordedRequest;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
import com.orderdeskmcp.sandbox.http.Envelopes;
import com.orderdeskmcp.sandbox.http.Router;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import com.orderdeskmcp.sandbox.support.Decimals;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.NotFoundException;
import com.orderdeskmcp.sandbox.webhooks.WebhookConfig;
import com.orderdeskmcp.sandbox.webhooks.WebhookDelivery;
import com.orderdeskmcp.sandbox.webhooks.WebhookEvent;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The control API under {@code /_sandbox}: the sandbox's Java controls over HTTP, for tests in
 * other processes and for operators. The sandbox checks {@code X-Sandbox-Control-Token} before any
 * of these run; store credentials are never accepted, and API keys are never shown.
 */
public final class ControlRoutes {

  private final OrderDeskSandbox sandbox;

  public ControlRoutes(OrderDeskSandbox sandbox) {
    this.sandbox = sandbox;
  }

  public void register(Router router) {
    router.add("POST", "/reset", this::reset);
    router.add("POST", "/fail-next", this::failNext);
    router.add("POST", "/faults", this::addFault);
    router.add("GET", "/faults", this::listFaults);
    router.add("DELETE", "/faults", this::clearFaults);
    router.add("POST", "/outside-writes", this::outsideWrite);
    router.add("GET", "/requests", this::requests);
    router.add("GET", "/requests/count", this::countRequests);
    router.add("GET", "/stats", this::stats);
    router.add("PUT", "/rate-limit", this::rateLimit);
    router.add("PUT", "/stores/{storeId}", this::putStore);
    router.add("DELETE", "/stores/{storeId}", this::deleteStore);
    router.add("POST", "/stores/{storeId}/seed", this::seed);
    router.add("GET", "/stores/{storeId}/orders/{id}", this::storedOrder);
    router.add("GET", "/stores/{storeId}/orders/{id}/history", this::storedHistory);
    router.add("PUT", "/stores/{storeId}/webhook", this::putWebhook);
    router.add("DELETE", "/stores/{storeId}/webhook", this::deleteWebhook);
    router.add("GET", "/webhook-deliveries", this::webhookDeliveries);
  }

  private ApiResponse reset(ApiRequest request) {
    sandbox.reset();
    return message("Sandbox reset: faults, outside writes, request log, statistics and webhooks cleared");
  }

  /** The first version's form: {@code {"store_id","order_id","method","path","status","times"}}. */
  private ApiResponse failNext(ApiRequest request) {
    ObjectNode body = request.jsonBody();
    if (text(body, "store_id").isEmpty()) {
      throw new InvalidRequestException("store_id is required");
    }
    if (Json.isBlank(body.get("status"))) {
      throw new InvalidRequestException("status is required");
    }
    int status = Decimals.readInt(body.get("status"), "status", 0);
    RequestMatcher match = matcher(body);
    invalidAsBadRequest(() -> sandbox.failNext(match, status, Decimals.readInt(body.get("times"), "times", 1)));
    return message("Fault registered");
  }

  /**
   * {@code {"type":"status|latency|hang|drop", "store_id","method","path","order_id", "times",
   * "status", "fixed_ms","jitter_ms", "duration_ms", "apply"}}; a missing {@code times} means once,
   * except for latency, which lasts until reset.
   */
  private ApiResponse addFault(ApiRequest request) {
    ObjectNode body = request.jsonBody();
    String type = text(body, "type").orElseThrow(() -> new InvalidRequestException("type is required"));
    invalidAsBadRequest(() -> {
      Fault fault = switch (type) {
        case "status" -> {
          if (Json.isBlank(body.get("status"))) {
            throw new InvalidRequestException("status is required");
          }
          yield Fault.status(Decimals.readInt(body.get("status"), "status", 0));
        }
        case "latency" -> Fault.latency(millis(body, "fixed_ms", 0), millis(body, "jitter_ms", 0));
        case "hang" -> new Fault.Hang(millis(body, "duration_ms", 60_000), flag(body, "apply", false));
        case "drop" -> new Fault.DropConnection(flag(body, "apply", true));
        default -> throw new InvalidRequestException("type must be status, latency, hang or drop");
      };
      int fallbackTimes = fault instanceof Fault.Latency ? FaultRule.UNTIL_RESET : 1;
      int times = Decimals.readInt(body.get("times"), "times", fallbackTimes);
      sandbox.inject(matcher(body), fault, times);
    });
    return message("Fault registered");
  }

  private ApiResponse listFaults(ApiRequest request) {
    ArrayNode list = Json.array();
    for (FaultRule rule : sandbox.faults()) {
      ObjectNode entry = list.addObject();
      putMatcher(entry, rule.match());
      entry.put("times", rule.remaining() == FaultRule.UNTIL_RESET ? "until_reset" : Integer.toString(rule.remaining()));
      switch (rule.fault()) {
        case Fault.Status status -> entry.put("type", "status").put("status", status.status());
        case Fault.Latency latency -> entry.put("type", "latency").put("fixed_ms", latency.fixed().toMillis())
            .put("jitter_ms", latency.jitter().toMillis());
        case Fault.Hang hang -> entry.put("type", "hang").put("duration_ms", hang.duration().toMillis())
            .put("apply", hang.applyFirst());
        case Fault.DropConnection drop -> entry.put("type", "drop").put("apply", drop.applyFirst());
      }
    }
    ObjectNode body = Envelopes.success().put("total_records", list.size());
    body.set("faults", list);
    return ApiResponse.ok(body);
  }

  private ApiResponse clearFaults(ApiRequest request) {
    int pending = sandbox.faults().size();
    sandbox.clearFaults();
    return message(pending + " fault rules cleared, hanging requests released");
  }

  /**
   * {@code {"store_id","order_id","trigger":"after_next_get|before_next_put|now","patch":{…}}}: the
   * patch is an RFC 7386 merge patch applied to the stored order.
   */
  private ApiResponse outsideWrite(ApiRequest request) {
    ObjectNode body = request.jsonBody();
    String storeId = text(body, "store_id").orElseThrow(() -> new InvalidRequestException("store_id is required"));
    String orderId = text(body, "order_id").orElseThrow(() -> new InvalidRequestException("order_id is required"));
    JsonNode patch = body.get("patch");
    if (patch == null || !patch.isObject()) {
      throw new InvalidRequestException("patch must be a JSON object (a merge patch of the order)");
    }
    requireStore(storeId);
    Consumer<ObjectNode> change = order -> Json.mergePatch(order, patch);
    String trigger = text(body, "trigger").orElse("after_next_get");
    switch (trigger) {
      case "after_next_get" -> sandbox.modifyAfterNextGet(storeId, orderId, change);
      case "before_next_put" -> sandbox.modifyBeforeNextPut(storeId, orderId, change);
      case "now" -> sandbox.modifyOrder(storeId, orderId, change);
      default -> throw new InvalidRequestException("trigger must be after_next_get, before_next_put or now");
    }
    return message("Outside write " + (trigger.equals("now") ? "done" : "registered"));
  }

  private ApiResponse requests(ApiRequest request) {
    ObjectNode body = Envelopes.success();
    ArrayNode list = Json.array();
    for (RecordedRequest recorded : sandbox.requests(queryMatcher(request))) {
      list.addObject()
          .put("at", recorded.at().toString())
          .put("store_id", recorded.storeId())
          .put("method", recorded.method())
          .put("path", recorded.path())
          .put("order_id", recorded.orderId())
          .put("status", recorded.status())
          .put("body", recorded.body());
    }
    body.put("total_records", list.size());
    body.set("requests", list);
    return ApiResponse.ok(body);
  }

  private ApiResponse countRequests(ApiRequest request) {
    return ApiResponse.ok(Envelopes.success().put("count", sandbox.countRequests(queryMatcher(request))));
  }

  private ApiResponse stats(ApiRequest request) {
    ObjectNode stores = Json.object();
    sandbox.stats().forEach((storeId, stats) -> {
      if (request.query("store_id") == null || request.query("store_id").equals(storeId)) {
        stores.set(storeId, statsJson(stats));
      }
    });
    ObjectNode body = Envelopes.success();
    body.set("stores", stores);
    return ApiResponse.ok(body);
  }

  private ApiResponse rateLimit(ApiRequest request) {
    JsonNode enabled = request.jsonBody().get("enabled");
    if (enabled == null || !enabled.isBoolean()) {
      throw new InvalidRequestException("enabled must be true or false");
    }
    sandbox.setRateLimitEnabled(enabled.booleanValue());
    return message("Rate limit " + (enabled.booleanValue() ? "on" : "off") + " until the next reset");
  }

  /** {@code {"api_key", "name", "timezone", "folders":{"1":"New",…}}}: adds or reconfigures a store. */
  private ApiResponse putStore(ApiRequest request) {
    String storeId = request.pathParam("storeId");
    ObjectNode body = request.jsonBody();
    String key = text(body, "api_key").orElseThrow(() -> new InvalidRequestException("api_key is required"));
    StoreConfig config = StoreConfig.withDefaults(storeId, key);
    Optional<String> name = text(body, "name");
    if (name.isPresent()) {
      config = config.withName(name.get());
    }
    Optional<String> timezone = text(body, "timezone");
    if (timezone.isPresent()) {
      try {
        config = config.withTimezone(ZoneId.of(timezone.get()));
      } catch (DateTimeException e) {
        throw new InvalidRequestException("Unknown timezone " + timezone.get());
      }
    }
    JsonNode folders = body.get("folders");
    if (folders != null && !folders.isNull()) {
      config = config.withFolders(folders(folders));
    }
    sandbox.addStore(config);
    return message("Store " + storeId + " saved");
  }

  private ApiResponse deleteStore(ApiRequest request) {
    String storeId = request.pathParam("storeId");
    requireStore(storeId);
    sandbox.removeStore(storeId);
    return message("Store " + storeId + " removed");
  }

  /** {@code {"orders":N, "inventory":true, "seed":S}}. */
  private ApiResponse seed(ApiRequest request) {
    String storeId = request.pathParam("storeId");
    requireStore(storeId);
    ObjectNode body = request.body().isBlank() ? Json.object() : request.jsonBody();
    int count = Decimals.readInt(body.get("orders"), "orders", 0);
    if (count < 0 || count > 100_000) {
      throw new InvalidRequestException("orders must be 0..100000");
    }
    long seed = Json.isBlank(body.get("seed")) ? storeId.hashCode() : body.get("seed").asLong();
    List<String> orderIds = sandbox.seedOrders(storeId, count, seed);
    List<Integer> itemIds = flag(body, "inventory", false) ? sandbox.seedInventory(storeId, seed) : List.of();
    ObjectNode response = message(orderIds.size() + " orders and " + itemIds.size() + " inventory items seeded")
        .body().deepCopy();
    ArrayNode ids = response.putArray("order_ids");
    orderIds.forEach(ids::add);
    ArrayNode items = response.putArray("inventory_item_ids");
    itemIds.forEach(items::add);
    return ApiResponse.ok(response);
  }

  private ApiResponse storedOrder(ApiRequest request) {
    String storeId = request.pathParam("storeId");
    String id = request.pathParam("id");
    requireStore(storeId);
    ObjectNode order = sandbox.order(storeId, id).orElseThrow(() -> new NotFoundException("Order " + id + " not found"));
    ObjectNode body = Envelopes.success();
    body.set("order", order);
    return ApiResponse.ok(body);
  }

  private ApiResponse storedHistory(ApiRequest request) {
    String storeId = request.pathParam("storeId");
    requireStore(storeId);
    List<ObjectNode> history = sandbox.orderHistory(storeId, request.pathParam("id"));
    ObjectNode body = Envelopes.success().put("total_records", history.size());
    body.putArray("order_history").addAll(history);
    return ApiResponse.ok(body);
  }

  /** {@code {"url", "events":["order_created",…] (default all), "retry_backoff_ms", "timeout_ms"}}. */
  private ApiResponse putWebhook(ApiRequest request) {
    String storeId = request.pathParam("storeId");
    requireStore(storeId);
    ObjectNode body = request.jsonBody();
    String url = text(body, "url").orElseThrow(() -> new InvalidRequestException("url is required"));
    invalidAsBadRequest(() -> {
      Set<WebhookEvent> events = EnumSet.allOf(WebhookEvent.class);
      JsonNode listed = body.get("events");
      if (listed != null && !listed.isNull()) {
        if (!listed.isArray()) {
          throw new InvalidRequestException("events must be an array of event names");
        }
        events = EnumSet.noneOf(WebhookEvent.class);
        for (JsonNode event : listed) {
          events.add(WebhookEvent.fromWireName(event.asText()));
        }
      }
      sandbox.configureWebhook(storeId, new WebhookConfig(URI.create(url), events,
          millis(body, "retry_backoff_ms", WebhookConfig.DEFAULT_RETRY_BACKOFF.toMillis()),
          millis(body, "timeout_ms", WebhookConfig.DEFAULT_TIMEOUT.toMillis())));
    });
    return message("Webhook of store " + storeId + " saved");
  }

  private ApiResponse deleteWebhook(ApiRequest request) {
    String storeId = request.pathParam("storeId");
    requireStore(storeId);
    sandbox.removeWebhook(storeId);
    return message("Webhook of store " + storeId + " removed");
  }

  private ApiResponse webhookDeliveries(ApiRequest request) {
    ArrayNode list = Json.array();
    for (WebhookDelivery delivery : sandbox.webhookDeliveries()) {
      list.addObject()
          .put("at", delivery.at().toString())
          .put("store_id", delivery.storeId())
          .put("event", delivery.event().wireName())
          .put("order_id", delivery.orderId())
          .put("url", delivery.url())
          .put("attempt", delivery.attempt())
          .put("status", delivery.status())
          .put("error", delivery.error())
          .put("delivered", delivery.delivered())
          .put("will_retry", delivery.willRetry());
    }
    ObjectNode body = Envelopes.success().put("total_records", list.size());
    body.set("deliveries", list);
    return ApiResponse.ok(body);
  }

  private static ObjectNode statsJson(RequestStats stats) {
    ObjectNode json = Json.object().put("total", stats.total());
    ObjectNode byMethod = json.putObject("by_method");
    stats.byMethod().forEach(byMethod::put);
    ObjectNode byRoute = json.putObject("by_route");
    stats.byRoute().forEach(byRoute::put);
    ObjectNode byStatus = json.putObject("by_status");
    stats.byStatus().forEach((status, count) -> byStatus.put(Integer.toString(status), count));
    json.put("rate_limited", stats.rateLimited());
    json.put("peak_per_second", stats.peakPerSecond());
    return json;
  }

  private static RequestMatcher matcher(ObjectNode body) {
    try {
      return new RequestMatcher(text(body, "store_id").orElse(null), text(body, "method").orElse(null),
          text(body, "path").orElse(null), text(body, "order_id").orElse(null));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  private static RequestMatcher queryMatcher(ApiRequest request) {
    try {
      return new RequestMatcher(request.query("store_id"), request.query("method"), request.query("path"),
          request.query("order_id"));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  private static void putMatcher(ObjectNode entry, RequestMatcher match) {
    entry.put("store_id", match.storeId()).put("method", match.method()).put("path", match.path())
        .put("order_id", match.orderId());
  }

  private static Map<Integer, String> folders(JsonNode folders) {
    if (!folders.isObject() || folders.isEmpty()) {
      throw new InvalidRequestException("folders must be a non-empty object of folder id to name");
    }
    Map<Integer, String> result = new LinkedHashMap<>();
    folders.properties().forEach(folder -> {
      try {
        result.put(Integer.valueOf(folder.getKey().trim()), Json.text(folder.getValue()));
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("Folder ids must be numbers, got " + folder.getKey());
      }
    });
    return result;
  }

  private void requireStore(String storeId) {
    if (sandbox.store(storeId).isEmpty()) {
      throw new NotFoundException("Store " + storeId + " not found");
    }
  }

  private static Duration millis(ObjectNode body, String field, long fallback) {
    JsonNode value = body.get(field);
    long millis = Json.isBlank(value) ? fallback : Decimals.readInt(value, field, 0);
    if (millis < 0) {
      throw new InvalidRequestException(field + " must not be negative");
    }
    return Duration.ofMillis(millis);
  }

  private static boolean flag(ObjectNode body, String field, boolean fallback) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new InvalidRequestException(field + " must be true or false");
    }
    return value.booleanValue();
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    return Json.isBlank(node) ? Optional.empty() : Optional.of(Json.text(node).trim());
  }

  /** Argument checks of the Java API (IllegalArgumentException) are the client's mistake here: 400. */
  private static void invalidAsBadRequest(Runnable action) {
    try {
      action.run();
    } catch (InvalidRequestException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  private static ApiResponse message(String text) {
    return ApiResponse.ok(Envelopes.success().put("message", text));
  }
}
