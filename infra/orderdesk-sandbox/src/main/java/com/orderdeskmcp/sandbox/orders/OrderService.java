package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import com.orderdeskmcp.sandbox.store.StoreRegistry;
import com.orderdeskmcp.sandbox.support.IdSequence;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.NotFoundException;
import com.orderdeskmcp.sandbox.support.Timestamps;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The orders of every store. Each store has its own lock; every node goes in and out as a deep copy,
 * so callers can never change stored state behind the lock's back.
 */
public final class OrderService {

  private final StoreRegistry stores;
  private final InstantSource clock;
  private final IdSequence orderIds = new IdSequence(100_001);
  private final IdSequence itemIds = new IdSequence(500_001);
  private final IdSequence shipmentIds = new IdSequence(700_001);
  private final ConcurrentMap<String, OrderBook> books = new ConcurrentHashMap<>();

  public OrderService(StoreRegistry stores, InstantSource clock) {
    this.stores = stores;
    this.clock = clock;
  }

  public ObjectNode create(String storeId, ObjectNode body) {
    StoreConfig store = stores.require(storeId);
    Instant now = clock.instant();
    OrderInput input = OrderInput.read(body, now);
    OrderCreation.validate(input, store);
    return book(storeId).locked(orders -> {
      String id = orderIds.next();
      ObjectNode order = OrderCreation.build(input, store, id, emailCount(orders, input), itemIds, now);
      orders.put(id, order);
      return order.deepCopy();
    });
  }

  public Optional<ObjectNode> find(String storeId, String orderId) {
    stores.require(storeId);
    return book(storeId).locked(orders -> Optional.ofNullable(orders.get(orderId)).map(ObjectNode::deepCopy));
  }

  /** Full replacement; fails with a conflict when the body's {@code date_updated} is stale. */
  public ObjectNode replace(String storeId, String orderId, ObjectNode body) {
    stores.require(storeId);
    Instant now = clock.instant();
    OrderInput input = OrderInput.read(body, now);
    return book(storeId).locked(orders -> {
      ObjectNode stored = require(orders, orderId);
      OrderReplacement.rejectIfStale(stored, input);
      ObjectNode replaced = OrderReplacement.apply(stored, input, itemIds, now);
      orders.put(orderId, replaced);
      return replaced.deepCopy();
    });
  }

  public void delete(String storeId, String orderId) {
    stores.require(storeId);
    book(storeId).locked(orders -> {
      require(orders, orderId);
      return orders.remove(orderId);
    });
  }

  public SearchPage search(String storeId, OrderQuery query) {
    stores.require(storeId);
    return book(storeId).locked(orders -> {
      List<ObjectNode> matches = orders.values().stream()
          .filter(query.filter())
          .sorted(OrderSorting.by(query.orderBy(), query.descending()))
          .toList();
      List<ObjectNode> page = matches.stream()
          .skip(query.offset())
          .limit(query.limit())
          .map(ObjectNode::deepCopy)
          .toList();
      return new SearchPage(matches.size(), page);
    });
  }

  /**
   * A write by someone other than the API client (a person in the OrderDesk UI, a rule): applies
   * {@code change} to the stored order, then restores the id, recomputes totals and bumps
   * {@code date_updated} so that clients holding an older read now conflict.
   */
  public ObjectNode modify(String storeId, String orderId, Consumer<ObjectNode> change) {
    stores.require(storeId);
    Instant now = clock.instant();
    return book(storeId).locked(orders -> {
      ObjectNode stored = require(orders, orderId);
      ObjectNode changed = stored.deepCopy();
      change.accept(changed);
      changed.put("id", orderId);
      if (!changed.path("order_items").isArray()) {
        changed.set("order_items", Json.array());
      }
      OrderItems.fillMissingIds((ArrayNode) changed.get("order_items"), itemIds);
      OrderTotals.recompute(changed);
      changed.put("date_updated",
          Timestamps.format(Timestamps.nextWrite(now, stored.path("date_updated").asText())));
      ObjectNode arranged = OrderFields.arrange(changed);
      orders.put(orderId, arranged);
      return arranged.deepCopy();
    });
  }

  /**
   * Creates an order with the POST rules, then backdates it and attaches shipments: seeded data
   * should look like a store that has been running for a while.
   */
  public String insertHistoric(String storeId, ObjectNode body, Instant added, Instant updated,
      List<ObjectNode> shipments) {
    String id = create(storeId, body).get("id").asText();
    book(storeId).locked(orders -> {
      ObjectNode order = orders.get(id);
      order.put("date_added", Timestamps.format(added));
      order.put("date_updated", Timestamps.format(updated));
      ArrayNode stored = order.putArray("order_shipments");
      for (ObjectNode shipment : shipments) {
        ObjectNode copy = Json.object()
            .put("id", shipmentIds.next())
            .put("order_id", id)
            .put("store_id", storeId);
        shipment.properties().forEach(field -> copy.putIfAbsent(field.getKey(), field.getValue().deepCopy()));
        stored.add(copy);
      }
      return null;
    });
    return id;
  }

  /** How many orders carry this order's e-mail address, the new one included; 0 without an address. */
  private static int emailCount(Map<String, ObjectNode> orders, OrderInput input) {
    String email = input.writable().path("email").asText();
    if (email.isBlank()) {
      return 0;
    }
    return 1 + (int) orders.values().stream()
        .filter(order -> order.path("email").asText().equalsIgnoreCase(email))
        .count();
  }

  private static ObjectNode require(Map<String, ObjectNode> orders, String orderId) {
    ObjectNode order = orders.get(orderId);
    if (order == null) {
      throw new NotFoundException("Order " + orderId + " not found");
    }
    return order;
  }

  private OrderBook book(String storeId) {
    return books.computeIfAbsent(storeId, id -> new OrderBook());
  }
}
