package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A parsed {@code GET /orders} search: defaults limit 50 (clamped to 1..500), offset 0,
 * {@code order_by=date_added}, {@code order=DESC}.
 *
 * @param withHistory {@code get_order_history=1}: each order carries its {@code order_history}
 */
public record OrderQuery(int limit, int offset, String orderBy, boolean descending, Predicate<ObjectNode> filter,
    boolean withHistory) {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  public static OrderQuery from(Map<String, String> params, StoreConfig store) {
    int limit = Math.clamp(number(params.get("limit"), DEFAULT_LIMIT), 1, MAX_LIMIT);
    int offset = Math.max(0, number(params.get("offset"), 0));
    String orderBy = blankToDefault(params.get("order_by"), "date_added");
    boolean descending = !"ASC".equals(blankToDefault(params.get("order"), "DESC").toUpperCase(Locale.ROOT));
    boolean withHistory = "1".equals(blankToDefault(params.get("get_order_history"), "0"))
        || "true".equalsIgnoreCase(blankToDefault(params.get("get_order_history"), "0"));
    return new OrderQuery(limit, offset, orderBy, descending, OrderFilters.from(params, store), withHistory);
  }

  /** Lenient like the real API: a non-numeric paging value falls back to its default. */
  private static int number(String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
