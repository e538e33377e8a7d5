package com.orderdeskmcp.sandbox.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
import com.orderdeskmcp.sandbox.http.Envelopes;
import com.orderdeskmcp.sandbox.http.Router;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.NotFoundException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /inventory-items[/{id}]} and {@code PUT /batch-inventory-items}. The listing's
 * {@code total_records} is a string, unlike everywhere else, as on the real API.
 */
public final class InventoryRoutes {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final InventoryService inventory;

  public InventoryRoutes(InventoryService inventory) {
    this.inventory = inventory;
  }

  public void register(Router router) {
    router.add("GET", "/inventory-items", this::list);
    router.add("POST", "/inventory-items", this::create);
    router.add("GET", "/inventory-items/{id}", this::get);
    router.add("PUT", "/inventory-items/{id}", this::replace);
    router.add("DELETE", "/inventory-items/{id}", this::delete);
    router.add("PUT", "/batch-inventory-items", this::batch);
  }

  private ApiResponse list(ApiRequest request) {
    Set<String> codes = request.query("code") == null ? Set.of() : Arrays.stream(request.query("code").split(","))
        .map(String::trim)
        .filter(code -> !code.isEmpty())
        .collect(Collectors.toSet());
    int limit = Math.clamp(number(request.query("limit"), DEFAULT_LIMIT), 1, MAX_LIMIT);
    int offset = Math.max(0, number(request.query("offset"), 0));
    InventoryService.Page page = inventory.list(request.storeId(), codes, limit, offset);
    ObjectNode body = timed(request)
        .put("records_returned", page.items().size())
        .put("total_records", Integer.toString(page.total()));
    body.putArray("inventory_items").addAll(page.items());
    return ApiResponse.ok(body);
  }

  private ApiResponse get(ApiRequest request) {
    String id = request.pathParam("id");
    ObjectNode item = inventory.find(request.storeId(), id)
        .orElseThrow(() -> new NotFoundException("Inventory Item " + id + " not found"));
    ObjectNode body = timed(request).put("records_returned", 1);
    body.set("inventory_item", item);
    return ApiResponse.ok(body);
  }

  /** As documented, the answer does not carry the new item or its id. */
  private ApiResponse create(ApiRequest request) {
    inventory.create(request.storeId(), request.jsonBody());
    return ApiResponse.ok(Envelopes.success().put("message", "Inventory Item Added")
        .put("execution_time", Envelopes.executionTime(request)));
  }

  private ApiResponse replace(ApiRequest request) {
    inventory.replace(request.storeId(), request.pathParam("id"), request.jsonBody());
    return ApiResponse.ok(Envelopes.success().put("message", "Inventory Item Updated")
        .put("execution_time", Envelopes.executionTime(request)));
  }

  private ApiResponse delete(ApiRequest request) {
    String id = request.pathParam("id");
    inventory.delete(request.storeId(), id);
    return ApiResponse.ok(Envelopes.success().put("message", "Inventory Item " + id + " Deleted")
        .put("execution_time", Envelopes.executionTime(request)));
  }

  private ApiResponse batch(ApiRequest request) {
    int count = inventory.batch(request.storeId(), Json.parseArray(request.body()));
    return ApiResponse.ok(Envelopes.success()
        .put("message", count + (count == 1 ? " Inventory Item Updated" : " Inventory Items Updated"))
        .put("execution_time", Envelopes.executionTime(request)));
  }

  private static ObjectNode timed(ApiRequest request) {
    return Envelopes.success().put("execution_time", Envelopes.executionTime(request));
  }

  private static int number(String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
