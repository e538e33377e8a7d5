package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.support.ConflictException;
import com.orderdeskmcp.sandbox.support.IdSequence;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Timestamps;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The rules of {@code PUT /orders/{id}}, a full replacement: "any parts left out will be updated as
 * blank". Only the server's own fields survive from the stored order.
 */
final class OrderReplacement {

  /** Kept from the stored order whatever the body says. */
  private static final String[] KEPT = {"id", "email_count", "date_added", "folder_id", "order_shipments"};

  private OrderReplacement() {
  }

  /**
   * The sandbox's conflict extension (not an OrderDesk feature): a body that carries a
   * {@code date_updated} older than the stored one was built from a stale read.
   */
  static void rejectIfStale(ObjectNode stored, OrderInput input) {
    if (input.dateUpdated() == null) {
      return;
    }
    String current = stored.path("date_updated").asText();
    Instant sent = Timestamps.parseFlexible(input.dateUpdated(), ZoneOffset.UTC, false, "date_updated");
    if (sent.isBefore(Timestamps.parse(current))) {
      throw ConflictException.modifiedSince(input.dateUpdated(), current);
    }
  }

  static ObjectNode apply(ObjectNode stored, OrderInput input, IdSequence itemIds, Instant now) {
    ObjectNode order = input.writable().deepCopy();
    for (String field : KEPT) {
      order.set(field, stored.get(field).deepCopy());
    }
    // "if blank, Order Desk's internal id is used"
    if (Json.isBlank(order.get("source_id"))) {
      order.put("source_id", stored.get("id").asText());
    }
    order.set("order_items", OrderItems.diff(stored.path("order_items"), input.items(), itemIds));
    OrderTotals.recompute(order);
    order.put("date_updated", Timestamps.format(Timestamps.nextWrite(now, stored.path("date_updated").asText())));
    return OrderFields.arrange(order);
  }
}
