package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import com.orderdeskmcp.sandbox.support.IdSequence;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Timestamps;
import java.time.Instant;

/** The rules of {@code POST /orders}: validation, the documented defaults, and the copied address. */
final class OrderCreation {

  static final String DEFAULT_SOURCE_NAME = "Order Desk";
  static final String DEFAULT_PAYMENT_STATUS = "Captured";

  private OrderCreation() {
  }

  /** Fails with a 400-style exception when the body could never become an order. */
  static void validate(OrderInput input, StoreConfig store) {
    if (input.items().isEmpty()) {
      throw new InvalidRequestException("An order needs at least one entry in order_items");
    }
    if (!hasName(input.writable().path("shipping")) && !hasName(input.writable().path("customer"))) {
      throw new InvalidRequestException(
          "An order needs a first and last name or a company in shipping or customer");
    }
    if (input.folderId() != null && !store.folders().containsKey(input.folderId())) {
      throw new InvalidRequestException("Unknown folder_id " + input.folderId());
    }
  }

  /**
   * Builds the stored order. {@code emailCount} is how many orders of the store (this one included)
   * carry the same e-mail address.
   */
  static ObjectNode build(OrderInput input, StoreConfig store, String id, int emailCount,
      IdSequence itemIds, Instant now) {
    ObjectNode order = input.writable().deepCopy();
    copyMissingAddress(order, input);
    defaultIfBlank(order, "source_name", DEFAULT_SOURCE_NAME);
    defaultIfBlank(order, "payment_status", DEFAULT_PAYMENT_STATUS);
    defaultIfBlank(order, "source_id", id);
    order.put("id", id);
    order.put("folder_id", input.folderId() != null ? input.folderId() : store.firstFolderId());
    order.put("email_count", Integer.toString(emailCount));
    String timestamp = Timestamps.format(now);
    order.put("date_added", timestamp);
    order.put("date_updated", timestamp);
    order.set("order_items", OrderItems.withNewIds(input.items(), itemIds));
    // Shipments are added through their own endpoints, never with the order.
    order.set("order_shipments", Json.array());
    OrderTotals.recompute(order);
    if (!input.processorBalanceGiven()) {
      order.set("processor_balance", order.get("order_total"));
    }
    return OrderFields.arrange(order);
  }

  /** "If only one of shipping or customer is given, it is copied to the other." */
  private static void copyMissingAddress(ObjectNode order, OrderInput input) {
    if (input.shippingGiven() && !input.customerGiven()) {
      copyShared((ObjectNode) order.get("shipping"), (ObjectNode) order.get("customer"));
    } else if (input.customerGiven() && !input.shippingGiven()) {
      copyShared((ObjectNode) order.get("customer"), (ObjectNode) order.get("shipping"));
    }
  }

  /** The keys both addresses have; {@code address3}/{@code address4} stay as they are. */
  private static void copyShared(ObjectNode from, ObjectNode to) {
    for (String key : OrderFields.CUSTOMER_KEYS) {
      to.set(key, from.get(key).deepCopy());
    }
  }

  private static boolean hasName(JsonNode address) {
    boolean fullName = !Json.isBlank(address.get("first_name")) && !Json.isBlank(address.get("last_name"));
    return fullName || !Json.isBlank(address.get("company"));
  }

  private static void defaultIfBlank(ObjectNode order, String field, String value) {
    if (Json.isBlank(order.get(field))) {
      order.put(field, value);
    }
  }
}
