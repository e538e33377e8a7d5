package com.orderdeskmcp.sandbox.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.support.Decimals;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.Json;

/**
 * An inventory item as stored and shown. Writes are whole items: "All fields should be passed
 * through. Any empty fields will be set to blank." {@code name} and {@code code} are required.
 */
final class InventoryItemInput {

  /** Which system wrote the item last; every API write is the API. */
  static final String API_SOURCE = "API";

  private InventoryItemInput() {
  }

  /** The stored item: id as a number (as in the docs), numbers as numbers, empty maps as []. */
  static ObjectNode build(JsonNode body, int id, String dateAdded, String dateUpdated, String updateSource) {
    if (!body.isObject()) {
      throw new InvalidRequestException("An inventory item must be a JSON object");
    }
    String name = Json.text(body.get("name")).trim();
    String code = Json.text(body.get("code")).trim();
    if (name.isEmpty() || code.isEmpty()) {
      throw new InvalidRequestException("An inventory item needs a name and a code");
    }
    ObjectNode item = Json.object().put("id", id).put("name", name).put("code", code);
    item.set("price", Decimals.money(Decimals.read(body.get("price"), "price")));
    item.set("cost", Decimals.money(Decimals.read(body.get("cost"), "cost")));
    item.set("weight", Decimals.measure(Decimals.read(body.get("weight"), "weight")));
    item.put("stock", Decimals.readInt(body.get("stock"), "stock", 0));
    item.put("location", Json.text(body.get("location")));
    item.put("manufacturer_sku", Json.text(body.get("manufacturer_sku")));
    item.set("metadata", keyValues(body.get("metadata"), "metadata"));
    item.set("variation_list", keyValues(body.get("variation_list"), "variation_list"));
    item.put("update_source", updateSource);
    item.put("date_added", dateAdded);
    item.put("date_updated", dateUpdated);
    return item;
  }

  /** Like order items: an empty key/value list is [] on the wire, a non-empty one an object. */
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
