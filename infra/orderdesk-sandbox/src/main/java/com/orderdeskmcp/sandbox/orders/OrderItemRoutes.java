package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
import com.orderdeskmcp.sandbox.http.Envelopes;
import com.orderdeskmcp.sandbox.http.Router;
import com.orderdeskmcp.sandbox.support.NotFoundException;
import com.orderdeskmcp.sandbox.webhooks.WebhookEvent;

/**
 * {@code /orders/{id}/order-items[/{itemId}]}. Writes recompute the order's totals and bump its
 * {@code date_updated}; as documented, the add and update answers carry only status and message,
 * never the new item's id.
 */
public final class OrderItemRoutes {

  private final OrderService orders;

  public OrderItemRoutes(OrderService orders) {
    this.orders = orders;
  }

  public void register(Router router) {
    router.add("GET", "/orders/{id}/order-items", this::list);
    router.add("POST", "/orders/{id}/order-items", this::add);
    router.add("GET", "/orders/{id}/order-items/{itemId}", this::get);
    router.add("PUT", "/orders/{id}/order-items/{itemId}", this::replace);
    router.add("DELETE", "/orders/{id}/order-items/{itemId}", this::delete);
  }

  private ApiResponse list(ApiRequest request) {
    ArrayNode items = (ArrayNode) order(request).path("order_items");
    ObjectNode body = Envelopes.success()
        .put("execution_time", Envelopes.executionTime(request))
        .put("total_records", items.size());
    body.set("order_items", items);
    return ApiResponse.ok(body);
  }

  private ApiResponse get(ApiRequest request) {
    String itemId = request.pathParam("itemId");
    ArrayNode items = (ArrayNode) order(request).path("order_items");
    JsonNode item = items.get(indexOf(items, itemId));
    ObjectNode body = Envelopes.success().put("execution_time", Envelopes.executionTime(request));
    body.set("order_item", item);
    return ApiResponse.ok(body);
  }

  /** The body is one item; an id in it is ignored, the item always gets a new one. */
  private ApiResponse add(ApiRequest request) {
    ObjectNode item = OrderItems.read(request.jsonBody());
    orders.update(request.storeId(), request.pathParam("id"), WebhookEvent.ORDER_UPDATED, order -> {
      order.withArrayProperty("order_items").add(OrderItems.withId(item, orders.itemIds().next()));
      return null;
    });
    return ApiResponse.ok(Envelopes.success().put("message", "Order Item Added"));
  }

  /** A full replacement of the item, like every other PUT of the API: omitted fields become blank. */
  private ApiResponse replace(ApiRequest request) {
    String itemId = request.pathParam("itemId");
    ObjectNode item = OrderItems.read(request.jsonBody());
    orders.update(request.storeId(), request.pathParam("id"), WebhookEvent.ORDER_UPDATED, order -> {
      ArrayNode items = order.withArrayProperty("order_items");
      items.set(indexOf(items, itemId), OrderItems.withId(item, itemId));
      return null;
    });
    return ApiResponse.ok(Envelopes.success().put("message", "Order Item Updated"));
  }

  private ApiResponse delete(ApiRequest request) {
    String itemId = request.pathParam("itemId");
    orders.update(request.storeId(), request.pathParam("id"), WebhookEvent.ORDER_UPDATED, order -> {
      ArrayNode items = order.withArrayProperty("order_items");
      items.remove(indexOf(items, itemId));
      return null;
    });
    return ApiResponse.ok(Envelopes.success()
        .put("message", "Order Item " + itemId + " Deleted")
        .put("execution_time", Envelopes.executionTime(request)));
  }

  private ObjectNode order(ApiRequest request) {
    String id = request.pathParam("id");
    return orders.find(request.storeId(), id).orElseThrow(() -> new NotFoundException("Order " + id + " not found"));
  }

  private static int indexOf(ArrayNode items, String itemId) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).path("id").asText().equals(itemId)) {
        return i;
      }
    }
    throw new NotFoundException("Order Item " + itemId + " not found");
  }
}
