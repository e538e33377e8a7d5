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

  /**
   * Like the real endpoint, this echoes the store's API key and its SMTP credentials (made-up but
   * non-empty values), so that a client's job of stripping them can be tested.
   */
  private ApiResponse store(ApiRequest request) {
    StoreConfig config = stores.require(request.storeId());
    ObjectNode settings = Json.object()
        .put("app_version", "2.0")
        .put("locale_code", "en_US")
        .put("timezone", config.timezone().getId())
        .put("store_country", "US")
        .put("store_email", config.email())
        .put("admin_email", "admin@store-" + config.id() + ".sandbox.test")
        .put("date_format", "Y-m-d H:i:s")
        .put("short_date_format", "Y-m-d")
        .put("orders_per_page", 50)
        .put("all_orders_name", "All Orders")
        .put("api_key", config.apiKey());
    settings.putArray("shipping_methods").add("UPS Ground").add("USPS Priority Mail").add("FedEx Home Delivery");
    settings.putArray("default_checkout_data_fields");
    settings.put("smtp_port", "587")
        .put("smtp_host", "smtp.sandbox.test")
        .put("smtp_username", config.email())
        .put("smtp_password", "smtp-password-" + config.id())
        .put("auto_update_stock_count", "")
        .put("auto_create_inventory_items", "");
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
