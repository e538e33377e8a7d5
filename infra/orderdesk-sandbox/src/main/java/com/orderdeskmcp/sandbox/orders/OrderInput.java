package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.support.Decimals;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An order body as a client sent it, read into the canonical shape: every writable field present,
 * omitted ones blank. Flat aliases ({@code shipping_first_name}) are folded into their address.
 *
 * @param writable the writable fields, blanks included (no id, totals, dates, items or shipments)
 * @param items the order items, each normalised; an item keeps its client-sent {@code id} if any
 * @param folderId the requested folder, or null when not given
 * @param dateUpdated the {@code date_updated} the client read, or null when not sent
 */
record OrderInput(
    ObjectNode writable,
    List<ObjectNode> items,
    boolean shippingGiven,
    boolean customerGiven,
    boolean processorBalanceGiven,
    Integer folderId,
    String dateUpdated) {

  private static final int MAX_NOTE_LENGTH = 2000;

  static OrderInput read(ObjectNode body, Instant now) {
    ObjectNode writable = Json.object();
    for (String field : OrderFields.TEXT_FIELDS) {
      writable.put(field, Json.text(body.get(field)));
    }
    maskCardNumber(body, writable);
    for (String field : OrderFields.MONEY_FIELDS) {
      writable.set(field, Decimals.money(Decimals.read(body.get(field), field)));
    }
    ObjectNode shipping = address(body, "shipping", OrderFields.SHIPPING_KEYS);
    ObjectNode customer = address(body, "customer", OrderFields.CUSTOMER_KEYS);
    writable.set("shipping", shipping);
    writable.set("customer", customer);
    writable.set("return_address", address(body, "return_address", OrderFields.RETURN_ADDRESS_KEYS));
    writable.set("checkout_data", keyValues(body.get("checkout_data"), "checkout_data"));
    writable.set("order_metadata", keyValues(body.get("order_metadata"), "order_metadata"));
    writable.set("discount_list", discounts(body.get("discount_list")));
    writable.set("order_notes", notes(body.get("order_notes"), now));

    JsonNode folder = body.get("folder_id");
    Integer folderId = Json.isBlank(folder) ? null : Decimals.readInt(folder, "folder_id", 0);
    String dateUpdated = Json.isBlank(body.get("date_updated")) ? null : Json.text(body.get("date_updated"));
    return new OrderInput(writable, OrderItems.readAll(body.get("order_items")),
        hasAnyValue(shipping), hasAnyValue(customer), !Json.isBlank(body.get("processor_balance")),
        folderId, dateUpdated);
  }

  /** {@code cc_number} is input only (last four digits); the order shows {@code cc_number_masked}. */
  private static void maskCardNumber(ObjectNode body, ObjectNode writable) {
    String digits = Json.text(body.get("cc_number")).replaceAll("\\D", "");
    if (!digits.isEmpty() && writable.get("cc_number_masked").asText().isEmpty()) {
      String lastFour = digits.substring(Math.max(0, digits.length() - 4));
      writable.put("cc_number_masked", "xxxxxxxxxxxx" + lastFour);
    }
  }

  private static ObjectNode address(ObjectNode body, String name, List<String> keys) {
    JsonNode nested = body.get(name);
    if (nested != null && !nested.isNull() && !nested.isObject()) {
      throw new InvalidRequestException(name + " must be an object");
    }
    ObjectNode address = Json.object();
    for (String key : keys) {
      String value = nested == null ? "" : Json.text(nested.get(key));
      if (value.isBlank()) {
        value = Json.text(body.get(name + "_" + key));
      }
      address.put(key, value);
    }
    return address;
  }

  private static boolean hasAnyValue(ObjectNode address) {
    for (JsonNode value : address) {
      if (!value.asText().isBlank()) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode keyValues(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return Json.object();
    }
    if (node.isObject()) {
      return (ObjectNode) node.deepCopy();
    }
    // PHP serialises an empty map as [], so clients echo it back that way.
    if (node.isArray() && node.isEmpty()) {
      return Json.object();
    }
    throw new InvalidRequestException(field + " must be an object of key/value pairs");
  }

  private static ArrayNode discounts(JsonNode node) {
    ArrayNode list = Json.array();
    for (JsonNode raw : arrayOfObjects(node, "discount_list")) {
      BigDecimal amount = Decimals.read(raw.get("amount"), "discount_list amount");
      if (amount.signum() < 0) {
        throw new InvalidRequestException("discount_list amount must be positive");
      }
      list.addObject()
          .put("name", Json.text(raw.get("name")))
          .put("code", Json.text(raw.get("code")))
          .put("amount", Decimals.moneyText(amount));
    }
    return list;
  }

  private static ArrayNode notes(JsonNode node, Instant now) {
    ArrayNode list = Json.array();
    for (JsonNode raw : arrayOfObjects(node, "order_notes")) {
      String content = Json.text(raw.get("content"));
      if (content.length() > MAX_NOTE_LENGTH) {
        throw new InvalidRequestException("An order note may have at most " + MAX_NOTE_LENGTH + " characters");
      }
      String added = Json.text(raw.get("date_added"));
      list.addObject()
          .put("date_added", added.isBlank() ? Timestamps.format(now) : added)
          .put("username", Json.text(raw.get("username")))
          .put("content", content);
    }
    return list;
  }

  static List<JsonNode> arrayOfObjects(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new InvalidRequestException(field + " must be an array");
    }
    for (JsonNode element : node) {
      if (!element.isObject()) {
        throw new InvalidRequestException("Each entry of " + field + " must be an object");
      }
    }
    List<JsonNode> elements = new ArrayList<>();
    node.forEach(elements::add);
    return elements;
  }
}
