package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
import com.orderdeskmcp.sandbox.http.Envelopes;
import com.orderdeskmcp.sandbox.http.Router;
import com.orderdeskmcp.sandbox.store.StoreRegistry;
import com.orderdeskmcp.sandbox.support.NotFoundException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /orders} and {@code /orders/{id}}. */
public final class OrderRoutes {

  private static final Pattern ORDER_PATH = Pattern.compile("^/orders/([^/]+)");

  private final OrderService orders;
  private final StoreRegistry stores;

  public OrderRoutes(OrderService orders, StoreRegistry stores) {
    this.orders = orders;
    this.stores = stores;
  }

  public void register(Router router) {
    router.add("GET", "/orders", this::search);
    router.add("POST", "/orders", this::create);
    router.add("GET", "/orders/{id}", this::get);
    router.add("PUT", "/orders/{id}", this::replace);
    router.add("DELETE", "/orders/{id}", this::delete);
  }

  /** The order a path addresses ({@code /orders/{id}} and anything below it), or null. */
  public static String orderIdOf(String apiPath) {
    Matcher matcher = ORDER_PATH.matcher(apiPath);
    return matcher.find() ? matcher.group(1) : null;
  }

  private ApiResponse search(ApiRequest request) {
    OrderQuery query = OrderQuery.from(request.query(), stores.require(request.storeId()));
    SearchPage page = orders.search(request.storeId(), query);
    ObjectNode body = Envelopes.successWithTiming(request)
        .put("total_records", page.totalRecords())
        .put("records_returned", page.orders().size())
        .put("offset", query.offset())
        .put("limit", query.limit());
    body.putArray("orders").addAll(page.orders());
    return ApiResponse.ok(body);
  }

  private ApiResponse get(ApiRequest request) {
    String id = request.pathParam("id");
    ObjectNode order = orders.find(request.storeId(), id)
        .orElseThrow(() -> new NotFoundException("Order " + id + " not found"));
    return withOrder(Envelopes.successWithTiming(request), order);
  }

  private ApiResponse create(ApiRequest request) {
    ObjectNode order = orders.create(request.storeId(), request.jsonBody());
    return withOrder(Envelopes.success().put("message", "Order Created"), order);
  }

  private ApiResponse replace(ApiRequest request) {
    ObjectNode order = orders.replace(request.storeId(), request.pathParam("id"), request.jsonBody());
    return withOrder(Envelopes.success().put("message", "Order Updated"), order);
  }

  private ApiResponse delete(ApiRequest request) {
    String id = request.pathParam("id");
    orders.delete(request.storeId(), id);
    return ApiResponse.ok(Envelopes.success()
        .put("message", "Order " + id + " Deleted")
        .put("execution_time", Envelopes.executionTime(request)));
  }

  private static ApiResponse withOrder(ObjectNode envelope, ObjectNode order) {
    envelope.set("order", order);
    return ApiResponse.ok(envelope);
  }
}
