package com.orderdeskmcp.sandbox.shipments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.http.ApiException;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
import com.orderdeskmcp.sandbox.http.Envelopes;
import com.orderdeskmcp.sandbox.http.Router;
import com.orderdeskmcp.sandbox.orders.OrderService;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.NotFoundException;

/** {@code /orders/{id}/shipments[/{shipmentId}]} and {@code POST /batch-shipments}. */
public final class ShipmentRoutes {

  private final OrderService orders;
  private final Shipments shipments;

  public ShipmentRoutes(OrderService orders, Shipments shipments) {
    this.orders = orders;
    this.shipments = shipments;
  }

  public void register(Router router) {
    router.add("GET", "/orders/{id}/shipments", this::list);
    router.add("POST", "/orders/{id}/shipments", this::add);
    router.add("GET", "/orders/{id}/shipments/{shipmentId}", this::get);
    router.add("PUT", "/orders/{id}/shipments/{shipmentId}", this::replace);
    router.add("DELETE", "/orders/{id}/shipments/{shipmentId}", this::delete);
    router.add("POST", "/batch-shipments", this::batch);
  }

  private ApiResponse list(ApiRequest request) {
    ArrayNode list = (ArrayNode) order(request).path("order_shipments");
    ObjectNode body = timed(request).put("total_records", list.size());
    body.set("shipments", list);
    return ApiResponse.ok(body);
  }

  private ApiResponse get(ApiRequest request) {
    ArrayNode list = (ArrayNode) order(request).path("order_shipments");
    ObjectNode body = timed(request);
    body.set("shipment", list.get(Shipments.indexOf(list, request.pathParam("shipmentId"))));
    return ApiResponse.ok(body);
  }

  /** {@code {"status":"success","message":"Shipment Added","execution_time":…}}: no id, as documented. */
  private ApiResponse add(ApiRequest request) {
    ObjectNode body = request.jsonBody();
    try {
      shipments.add(request.storeId(), request.pathParam("id"), body);
    } catch (ApiException duplicate) {
      return ApiResponse.error(duplicate.status(), duplicate.getMessage())
          .withBodyField("execution_time", Envelopes.executionTime(request));
    }
    return ApiResponse.ok(Envelopes.success().put("message", "Shipment Added")
        .put("execution_time", Envelopes.executionTime(request)));
  }

  private ApiResponse replace(ApiRequest request) {
    ObjectNode body = request.jsonBody();
    try {
      shipments.replace(request.storeId(), request.pathParam("id"), request.pathParam("shipmentId"), body);
    } catch (ApiException duplicate) {
      return ApiResponse.error(duplicate.status(), duplicate.getMessage())
          .withBodyField("execution_time", Envelopes.executionTime(request));
    }
    return ApiResponse.ok(Envelopes.success().put("message", "Shipment Updated")
        .put("execution_time", Envelopes.executionTime(request)));
  }

  private ApiResponse delete(ApiRequest request) {
    String shipmentId = request.pathParam("shipmentId");
    shipments.delete(request.storeId(), request.pathParam("id"), shipmentId);
    return ApiResponse.ok(Envelopes.success().put("message", "Shipment " + shipmentId + " Deleted")
        .put("execution_time", Envelopes.executionTime(request)));
  }

  /**
   * A bare array of shipments, each naming its {@code order_id}. Always 200 once the body is an
   * array: each entry's outcome is in {@code results}, in input order.
   */
  private ApiResponse batch(ApiRequest request) {
    ArrayNode input = Json.parseArray(request.body());
    ArrayNode results = Json.array();
    for (var entry : input) {
      ObjectNode result = results.addObject();
      try {
        if (!entry.isObject()) {
          throw new IllegalArgumentException("Each shipment must be a JSON object");
        }
        String orderId = Json.text(entry.get("order_id")).trim();
        if (orderId.isEmpty()) {
          throw new IllegalArgumentException("order_id is required");
        }
        shipments.add(request.storeId(), orderId, entry);
        result.put("status", "success").put("message", "Shipment Added");
      } catch (ApiException | NotFoundException | IllegalArgumentException e) {
        result.put("status", "error").put("message", e.getMessage());
      }
    }
    ObjectNode body = Envelopes.success().put("execution_time", Envelopes.executionTime(request));
    body.set("results", results);
    return ApiResponse.ok(body);
  }

  private ObjectNode order(ApiRequest request) {
    String id = request.pathParam("id");
    return orders.find(request.storeId(), id).orElseThrow(() -> new NotFoundException("Order " + id + " not found"));
  }

  private static ObjectNode timed(ApiRequest request) {
    return Envelopes.success().put("execution_time", Envelopes.executionTime(request));
  }
}
