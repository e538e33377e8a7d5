package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.support.Decimals;
import com.orderdeskmcp.sandbox.support.IdSequence;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.Json;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Order items: reading them from a body, and the id-based diff a full-replacement PUT performs. */
final class OrderItems {

  static final Set<String> DELIVERY_TYPES = Set.of("ship", "noship", "download", "future");

  private OrderItems() {
  }

  static List<ObjectNode> readAll(JsonNode node) {
    return OrderInput.arrayOfObjects(node, "order_items").stream().map(OrderItems::read).toList();
  }

  /** One item in canonical form; like the order, an item is written whole, omitted fields blank. */
  static ObjectNode read(JsonNode raw) {
    ObjectNode item = Json.object();
    String id = Json.text(raw.get("id"));
    if (!id.isBlank()) {
      item.put("id", id);
    }
    String deliveryType = Json.text(raw.get("delivery_type"));
    if (deliveryType.isBlank()) {
      deliveryType = "ship";
    } else if (!DELIVERY_TYPES.contains(deliveryType)) {
      throw new InvalidRequestException("delivery_type must be one of ship, noship, download, future");
    }
    item.put("name", Json.text(raw.get("name")));
    item.set("price", Decimals.money(Decimals.read(raw.get("price"), "price")));
    item.put("quantity", Decimals.readInt(raw.get("quantity"), "quantity", 1));
    item.set("weight", Decimals.measure(Decimals.read(raw.get("weight"), "weight")));
    item.put("code", Json.text(raw.get("code")));
    item.put("delivery_type", deliveryType);
    item.put("category_code", Json.text(raw.get("category_code")));
    item.put("fulfillment_method", Json.text(raw.get("fulfillment_method")));
    item.set("variation_list", keyValues(raw.get("variation_list"), "variation_list"));
    item.set("metadata", keyValues(raw.get("metadata"), "metadata"));
    return item;
  }

  /** On create every item is new, whatever id a client put on it. */
  static ArrayNode withNewIds(List<ObjectNode> items, IdSequence itemIds) {
    ArrayNode result = Json.array();
    for (ObjectNode item : items) {
      result.add(withId(item, itemIds.next()));
    }
    return result;
  }

  /**
   * The PUT diff: an item whose id is on the stored order is updated in place, one without an id
   * (or with an id the order does not have) is added with a new id, and stored items the body
   * leaves out are removed.
   */
  static ArrayNode diff(JsonNode stored, List<ObjectNode> incoming, IdSequence itemIds) {
    Map<String, JsonNode> existing = new HashMap<>();
    stored.forEach(item -> existing.put(item.path("id").asText(), item));
    Set<String> used = new HashSet<>();
    ArrayNode result = Json.array();
    for (ObjectNode item : incoming) {
      String id = item.path("id").asText("");
      boolean update = existing.containsKey(id) && used.add(id);
      result.add(withId(item, update ? id : itemIds.next()));
    }
    return result;
  }

  /** Items written without ids by an outside writer get one, so every stored item is addressable. */
  static void fillMissingIds(ArrayNode items, IdSequence itemIds) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof ObjectNode item && Json.isBlank(item.get("id"))) {
        items.set(i, withId(item, itemIds.next()));
      }
    }
  }

  static ObjectNode withId(ObjectNode item, String id) {
    ObjectNode result = Json.object().put("id", id);
    item.properties().forEach(field -> {
      if (!field.getKey().equals("id")) {
        result.set(field.getKey(), field.getValue());
      }
    });
    return result;
  }

  /** An empty key/value list serialises as [] on the real API; non-empty ones as objects. */
  private static JsonNode keyValues(JsonNode node, String field) {
    if (node == null || node.isNull() || (node.isContainerNode() && node.isEmpty())) {
      return Json.array();
    }
    if (node.isObject()) {
      return node.deepCopy();
    }
    throw new InvalidRequestException(field + " must be an object of key/value pairs");
  }
}
