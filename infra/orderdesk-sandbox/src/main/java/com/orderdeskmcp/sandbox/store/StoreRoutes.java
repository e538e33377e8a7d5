package com.orderdeskmcp.sandbox.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
import com.orderdeskmcp.sandbox.http.Envelopes;
import com.orderdeskmcp.sandbox.http.Router;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Timestamps;
import java.time.InstantSource;

/** {@code GET /test} and {@code GET /store}. */
public final class StoreRoutes {

  private final StoreRegistry stores;
  private final InstantSource clock;

  public StoreRoutes(StoreRegistry stores, InstantSource clock) {
    this.stores = stores;
    this.clock = clock;
  }

  public void register(Router router) {
    router.add("GET", "/test", this::test);
    router.add("GET", "/store", this::store);
  }

  private ApiResponse test(ApiRequest request) {
    return ApiResponse.ok(Envelopes.success()
        .put("message", "Connection Successful")
        .put("current_date_time", Timestamps.format(clock.instant())));
  }

  /** The real endpoint echoes the API key and SMTP credentials; the sandbox never does. */
  private ApiResponse store(ApiRequest request) {
    StoreConfig config = stores.require(request.storeId());
    ObjectNode settings = Json.object()
        .put("app_version", "2.0")
        .put("locale_code", "en_US")
        .put("timezone", config.timezone().getId())
        .put("store_country", "US")
        .put("date_format", "Y-m-d H:i:s")
        .put("short_date_format", "Y-m-d")
        .put("orders_per_page", 50)
        .put("all_orders_name", "All Orders");
    settings.putArray("shipping_methods");
    settings.putArray("default_checkout_data_fields");
    ObjectNode folders = Json.object();
    config.folders().forEach((id, name) -> folders.put(Integer.toString(id), name));

    ObjectNode store = Json.object().put("id", config.id()).put("name", config.name());
    store.set("settings", settings);
    store.set("folders", folders);
    ObjectNode body = Envelopes.success().put("execution_time", Envelopes.executionTime(request));
    body.set("store", store);
    return ApiResponse.ok(body);
  }
}
