package com.orderdeskmcp.sandbox.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.RecordedRequest;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
import com.orderdeskmcp.sandbox.http.Envelopes;
import com.orderdeskmcp.sandbox.http.Router;
import com.orderdeskmcp.sandbox.orders.OrderService;
import com.orderdeskmcp.sandbox.support.Decimals;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.NotFoundException;
import java.util.Optional;

/**
 * The test-control API under {@code /_sandbox}: fault injection, the request log, reset, and raw
 * stored orders. It takes no credentials (and accepts none as auth), never shows API keys, and
 * answers only on loopback.
 */
public final class ControlRoutes {

  private final FaultInjector faults;
  private final RequestLog log;
  private final OrderService orders;
  private final Runnable reset;

  public ControlRoutes(FaultInjector faults, RequestLog log, OrderService orders, Runnable reset) {
    this.faults = faults;
    this.log = log;
    this.orders = orders;
    this.reset = reset;
  }

  public void register(Router router) {
    router.add("POST", "/fail-next", this::failNext);
    router.add("GET", "/requests", this::requests);
    router.add("POST", "/reset", this::reset);
    router.add("GET", "/stores/{storeId}/orders/{id}", this::storedOrder);
  }

  private ApiResponse failNext(ApiRequest request) {
    ObjectNode body = request.jsonBody();
    String storeId = optionalText(body.get("store_id"))
        .orElseThrow(() -> new InvalidRequestException("store_id is required"));
    if (Json.isBlank(body.get("status"))) {
      throw new InvalidRequestException("status is required");
    }
    int status = Decimals.readInt(body.get("status"), "status", 0);
    int times = Decimals.readInt(body.get("times"), "times", 1);
    try {
      faults.add(new FaultRule(storeId, optionalText(body.get("order_id")).orElse(null),
          optionalText(body.get("method")).orElse(null), status, times));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    return ApiResponse.ok(Envelopes.success().put("message", "Fault registered"));
  }

  private ApiResponse requests(ApiRequest request) {
    ObjectNode body = Envelopes.success();
    ArrayNode list = Json.array();
    for (RecordedRequest recorded : log.snapshot()) {
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

  private ApiResponse reset(ApiRequest request) {
    reset.run();
    return ApiResponse.ok(Envelopes.success().put("message", "Faults and request log cleared"));
  }

  private ApiResponse storedOrder(ApiRequest request) {
    String storeId = request.pathParam("storeId");
    String id = request.pathParam("id");
    ObjectNode order;
    try {
      order = orders.find(storeId, id).orElseThrow(() -> new NotFoundException("Order " + id + " not found"));
    } catch (IllegalArgumentException unknownStore) {
      throw new NotFoundException("Store " + storeId + " not found");
    }
    ObjectNode body = Envelopes.success();
    body.set("order", order);
    return ApiResponse.ok(body);
  }

  private static Optional<String> optionalText(JsonNode node) {
    return Json.isBlank(node) ? Optional.empty() : Optional.of(Json.text(node).trim());
  }
}
