package com.orderdeskmcp.sandbox.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.store.StoreRegistry;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.NotFoundException;
import com.orderdeskmcp.sandbox.support.Timestamps;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Every store's inventory items by id. {@code code} (the SKU) is unique within a store. Like orders,
 * nodes go in and out as copies and each store has its own lock.
 */
public final class InventoryService {

  /** One page of a listing: {@code total} counts every match. */
  public record Page(int total, List<ObjectNode> items) {
  }

  private final StoreRegistry stores;
  private final InstantSource clock;
  private final AtomicInteger ids = new AtomicInteger(2_501);
  private final ConcurrentMap<String, Map<Integer, ObjectNode>> books = new ConcurrentHashMap<>();

  public InventoryService(StoreRegistry stores, InstantSource clock) {
    this.stores = stores;
    this.clock = clock;
  }

  /** Items by ascending id; {@code codes} (empty for all) keeps only those SKUs. */
  public Page list(String storeId, Set<String> codes, int limit, int offset) {
    return locked(storeId, items -> {
      List<ObjectNode> matches = items.values().stream()
          .filter(item -> codes.isEmpty() || codes.contains(item.path("code").asText()))
          .toList();
      return new Page(matches.size(), matches.stream().skip(offset).limit(limit).map(ObjectNode::deepCopy).toList());
    });
  }

  public Optional<ObjectNode> find(String storeId, String id) {
    return locked(storeId, items -> Optional.ofNullable(items.get(parseId(id))).map(ObjectNode::deepCopy));
  }

  public ObjectNode create(String storeId, JsonNode body) {
    String now = Timestamps.format(clock.instant());
    return locked(storeId, items -> {
      ObjectNode item = InventoryItemInput.build(body, ids.getAndIncrement(), now, now,
          InventoryItemInput.API_SOURCE);
      requireUniqueCode(items, item);
      items.put(item.get("id").asInt(), item);
      return item.deepCopy();
    });
  }

  /** Full replacement: only the id and {@code date_added} survive. */
  public ObjectNode replace(String storeId, String id, JsonNode body) {
    String now = Timestamps.format(clock.instant());
    return locked(storeId, items -> {
      ObjectNode stored = require(items, id);
      ObjectNode item = InventoryItemInput.build(body, stored.get("id").asInt(), stored.get("date_added").asText(),
          now, InventoryItemInput.API_SOURCE);
      requireUniqueCode(items, item);
      items.put(item.get("id").asInt(), item);
      return item.deepCopy();
    });
  }

  public void delete(String storeId, String id) {
    locked(storeId, items -> items.remove(require(items, id).get("id").asInt()));
  }

  /**
   * The batch write: each entry with an {@code id} replaces that item, each without one is created.
   * All or nothing: one bad entry fails the call with its position and changes nothing.
   */
  public int batch(String storeId, Iterable<JsonNode> entries) {
    String now = Timestamps.format(clock.instant());
    return locked(storeId, items -> {
      Map<Integer, ObjectNode> working = new LinkedHashMap<>(items);
      int position = 0;
      for (JsonNode entry : entries) {
        try {
          ObjectNode item;
          String id = entry.isObject() ? Json.text(entry.get("id")).trim() : "";
          if (id.isEmpty()) {
            item = InventoryItemInput.build(entry, ids.getAndIncrement(), now, now, InventoryItemInput.API_SOURCE);
          } else {
            ObjectNode stored = require(working, id);
            item = InventoryItemInput.build(entry, stored.get("id").asInt(), stored.get("date_added").asText(), now,
                InventoryItemInput.API_SOURCE);
          }
          requireUniqueCode(working, item);
          working.put(item.get("id").asInt(), item);
        } catch (InvalidRequestException | NotFoundException e) {
          throw new InvalidRequestException("Item " + position + ": " + e.getMessage());
        }
        position++;
      }
      items.clear();
      items.putAll(working);
      return position;
    });
  }

  /** Inserts an item as a seed would: no request, any update source. */
  public int insert(String storeId, JsonNode body, String updateSource, String dateAdded) {
    return locked(storeId, items -> {
      ObjectNode item = InventoryItemInput.build(body, ids.getAndIncrement(), dateAdded, dateAdded, updateSource);
      requireUniqueCode(items, item);
      items.put(item.get("id").asInt(), item);
      return item.get("id").asInt();
    });
  }

  public List<ObjectNode> all(String storeId) {
    return locked(storeId, items -> new ArrayList<>(items.values().stream().map(ObjectNode::deepCopy).toList()));
  }

  public void clear(String storeId) {
    books.remove(storeId);
  }

  private <T> T locked(String storeId, Function<Map<Integer, ObjectNode>, T> action) {
    stores.require(storeId);
    Map<Integer, ObjectNode> items = books.computeIfAbsent(storeId, id -> new LinkedHashMap<>());
    synchronized (items) {
      return action.apply(items);
    }
  }

  private static void requireUniqueCode(Map<Integer, ObjectNode> items, ObjectNode item) {
    String code = item.get("code").asText();
    int id = item.get("id").asInt();
    for (ObjectNode other : items.values()) {
      if (other.get("id").asInt() != id && other.get("code").asText().equals(code)) {
        throw new InvalidRequestException("Inventory item code " + code + " is already used by item "
            + other.get("id").asInt());
      }
    }
  }

  private static ObjectNode require(Map<Integer, ObjectNode> items, String id) {
    ObjectNode item = items.get(parseId(id));
    if (item == null) {
      throw new NotFoundException("Inventory Item " + id + " not found");
    }
    return item;
  }

  private static Integer parseId(String id) {
    try {
      return Integer.valueOf(id.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
