package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
import com.orderdeskmcp.sandbox.http.Envelopes;
import com.orderdeskmcp.sandbox.http.Router;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.Json;

/**
 * {@code POST /orders/{id}/order-history}: appends a note. History is append-only (no other method
 * exists), an order holds at most 250 entries, and it is read through
 * {@code GET /orders?get_order_history=1}.
 */
public final class OrderHistoryRoutes {

  static final String DEFAULT_SOURCE_NAME = "API";
  static final int MAX_NOTE_LENGTH = 2000;

  private final OrderService orders;

  public OrderHistoryRoutes(OrderService orders) {
    this.orders = orders;
  }

  public void register(Router router) {
    router.add("POST", "/orders/{id}/order-history", this::add);
  }

  /** Answers {@code {"status","execution_time","total_records":1,"order":{…,"order_history":[…]}}}, as documented. */
  private ApiResponse add(ApiRequest request) {
    ObjectNode body = request.jsonBody();
    String note = Json.text(body.get("note")).strip();
    if (note.isEmpty()) {
      throw new InvalidRequestException("note is required");
    }
    if (note.length() > MAX_NOTE_LENGTH) {
      throw new InvalidRequestException("A note may have at most " + MAX_NOTE_LENGTH + " characters");
    }
    String source = Json.text(body.get("source_name")).strip();
    ObjectNode order = orders.addHistory(request.storeId(), request.pathParam("id"),
        source.isEmpty() ? DEFAULT_SOURCE_NAME : source, note);
    ObjectNode response = Envelopes.success()
        .put("execution_time", Envelopes.executionTime(request))
        .put("total_records", 1);
    response.set("order", order);
    return ApiResponse.ok(response);
  }
}
