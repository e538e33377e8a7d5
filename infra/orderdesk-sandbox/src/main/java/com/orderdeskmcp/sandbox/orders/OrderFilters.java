package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Timestamps;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The search filters of {@code GET /orders}; all given ones must hold (AND). Blank parameters and
 * unknown ones are ignored, as the real API does.
 */
final class OrderFilters {

  private static final List<String> EXACT_FIELDS = List.of("source_id", "source_name", "customer_id");
  private static final List<String> ADDRESS_FILTERS = List.of(
      "first_name", "last_name", "company", "address1", "phone");

  private OrderFilters() {
  }

  static Predicate<ObjectNode> from(Map<String, String> params, StoreConfig store) {
    List<Predicate<ObjectNode>> filters = new ArrayList<>();
    value(params, "folder_id").ifPresent(v -> filters.add(inFolders(folderIds(v))));
    value(params, "folder_name").ifPresent(name -> filters.add(
        store.folderIdNamed(name).map(id -> inFolders(Set.of(id))).orElse(order -> false)));
    for (String field : EXACT_FIELDS) {
      value(params, field).ifPresent(v -> filters.add(order -> text(order, field).equals(v)));
    }
    value(params, "email").ifPresent(v -> filters.add(order -> text(order, "email").equalsIgnoreCase(v)));
    for (String address : List.of("customer", "shipping")) {
      for (String key : ADDRESS_FILTERS) {
        value(params, address + "_" + key).ifPresent(v -> filters.add(order -> contains(
            Json.text(order.path(address).get(key)), v)));
      }
    }
    ZoneId local = store.timezone();
    dateFilter(params, "search_start_date", "date_added", ZoneOffset.UTC, false, filters);
    dateFilter(params, "search_end_date", "date_added", ZoneOffset.UTC, true, filters);
    dateFilter(params, "search_start_date_local", "date_added", local, false, filters);
    dateFilter(params, "search_end_date_local", "date_added", local, true, filters);
    dateFilter(params, "modified_start_date", "date_updated", ZoneOffset.UTC, false, filters);
    dateFilter(params, "modified_end_date", "date_updated", ZoneOffset.UTC, true, filters);
    return order -> filters.stream().allMatch(filter -> filter.test(order));
  }

  private static void dateFilter(Map<String, String> params, String param, String field, ZoneId zone,
      boolean end, List<Predicate<ObjectNode>> filters) {
    value(params, param).ifPresent(v -> {
      Instant bound = Timestamps.parseFlexible(v, zone, end, param);
      filters.add(order -> {
        Instant at = Timestamps.parse(text(order, field));
        return end ? !at.isAfter(bound) : !at.isBefore(bound);
      });
    });
  }

  private static Predicate<ObjectNode> inFolders(Set<Integer> ids) {
    return order -> ids.contains(order.path("folder_id").asInt());
  }

  private static Set<Integer> folderIds(String commaList) {
    try {
      return Arrays.stream(commaList.split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .map(Integer::valueOf)
          .collect(Collectors.toSet());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("folder_id must be a folder id or a comma-separated list of ids");
    }
  }

  /** How name and address filters match is undocumented; a case-insensitive substring is the kind guess. */
  private static boolean contains(String value, String wanted) {
    return value.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
  }

  private static String text(ObjectNode order, String field) {
    return Json.text(order.get(field));
  }

  private static Optional<String> value(Map<String, String> params, String name) {
    String value = params.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
