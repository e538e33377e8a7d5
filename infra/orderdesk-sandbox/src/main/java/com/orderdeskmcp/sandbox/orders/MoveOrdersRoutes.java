package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.http.ApiRequest;
import com.orderdeskmcp.sandbox.http.ApiResponse;
import com.orderdeskmcp.sandbox.http.Envelopes;
import com.orderdeskmcp.sandbox.http.Router;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import com.orderdeskmcp.sandbox.store.StoreRegistry;
import com.orderdeskmcp.sandbox.support.Decimals;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.NotFoundException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /move-orders}: {@code order_id_list} plus exactly one of {@code destination_folder_id}
 * and {@code destination_folder_name} (an exact name). Each moved order gets a history entry.
 */
public final class MoveOrdersRoutes {

  private final OrderService orders;
  private final StoreRegistry stores;

  public MoveOrdersRoutes(OrderService orders, StoreRegistry stores) {
    this.orders = orders;
    this.stores = stores;
  }

  public void register(Router router) {
    router.add("POST", "/move-orders", this::move);
  }

  private ApiResponse move(ApiRequest request) {
    ObjectNode body = request.jsonBody();
    StoreConfig store = stores.require(request.storeId());
    int folderId = destination(body, store);
    List<String> ids = orderIds(body.get("order_id_list"));

    ArrayNode results = Json.array();
    int moved = 0;
    for (String id : ids) {
      ObjectNode result = results.addObject();
      putOrderId(result, id);
      try {
        OrderService.Moved outcome = orders.move(request.storeId(), id, folderId);
        result.put("message", "Order Moved to " + store.folders().get(folderId) + " Folder");
        result.put("original_folder_id", outcome.originalFolderId());
        moved++;
      } catch (NotFoundException e) {
        // Undocumented: a per-order error entry, like the batch endpoints, rather than failing the whole call.
        result.put("status", "error");
        result.put("message", "Order " + id + " not found");
      }
    }
    ObjectNode response = Envelopes.success()
        .put("message", moved + (moved == 1 ? " Order Moved" : " Orders Moved"))
        .put("execution_time", Envelopes.executionTime(request));
    response.set("results", results);
    return ApiResponse.ok(response);
  }

  private static int destination(ObjectNode body, StoreConfig store) {
    boolean byId = !Json.isBlank(body.get("destination_folder_id"));
    boolean byName = !Json.isBlank(body.get("destination_folder_name"));
    if (byId == byName) {
      throw new InvalidRequestException("Give exactly one of destination_folder_id and destination_folder_name");
    }
    if (byId) {
      int id = Decimals.readInt(body.get("destination_folder_id"), "destination_folder_id", 0);
      if (!store.folders().containsKey(id)) {
        throw new InvalidRequestException("Unknown destination_folder_id " + id);
      }
      return id;
    }
    String name = Json.text(body.get("destination_folder_name"));
    return store.folderIdNamed(name)
        .orElseThrow(() -> new InvalidRequestException("Unknown destination_folder_name " + name));
  }

  private static List<String> orderIds(JsonNode list) {
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new InvalidRequestException("order_id_list must be a non-empty array of order ids");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode id : list) {
      if (!(id.isTextual() || id.isIntegralNumber()) || Json.isBlank(id)) {
        throw new InvalidRequestException("order_id_list must hold order ids");
      }
      ids.add(Json.text(id).trim());
    }
    return ids;
  }

  /** The documented results show {@code order_id} as a number, unlike the string ids elsewhere. */
  private static void putOrderId(ObjectNode result, String id) {
    try {
      result.put("order_id", Long.parseLong(id));
    } catch (NumberFormatException notNumeric) {
      result.put("order_id", id);
    }
  }
}
