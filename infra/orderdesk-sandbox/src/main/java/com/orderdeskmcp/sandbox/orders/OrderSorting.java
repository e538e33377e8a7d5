package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.support.Json;
import java.math.BigDecimal;
import java.util.Comparator;

/**
 * {@code order_by} accepts any order field, and {@code shipping_x}/{@code customer_x} for address
 * fields. Ties break on the numeric id so paging is stable.
 */
final class OrderSorting {

  private OrderSorting() {
  }

  static Comparator<ObjectNode> by(String field, boolean descending) {
    Comparator<ObjectNode> comparator = Comparator
        .comparing((ObjectNode order) -> value(order, field), OrderSorting::compareValues)
        .thenComparing(order -> order.path("id").asText(), OrderSorting::compareValues);
    return descending ? comparator.reversed() : comparator;
  }

  private static String value(ObjectNode order, String field) {
    JsonNode direct = order.get(field);
    if (direct != null) {
      return Json.text(direct);
    }
    for (String address : new String[] {"shipping", "customer"}) {
      if (field.startsWith(address + "_")) {
        return Json.text(order.path(address).get(field.substring(address.length() + 1)));
      }
    }
    return "";
  }

  /** Numbers (ids and totals arrive as strings or numbers) compare numerically, the rest as text. */
  private static int compareValues(String left, String right) {
    BigDecimal l = numeric(left);
    BigDecimal r = numeric(right);
    if (l != null && r != null) {
      return l.compareTo(r);
    }
    return left.compareTo(right);
  }

  private static BigDecimal numeric(String text) {
    if (text.isEmpty() || !(Character.isDigit(text.charAt(0)) || text.charAt(0) == '-')) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
