package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import com.orderdeskmcp.sandbox.store.StoreRegistry;
import com.orderdeskmcp.sandbox.support.IdSequence;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.NotFoundException;
import com.orderdeskmcp.sandbox.support.Timestamps;
import com.orderdeskmcp.sandbox.webhooks.WebhookEvent;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The orders of every store, with their history. Each store has its own lock; every node goes in and
 * out as a deep copy, so callers can never change stored state behind the lock's back. Every change
 * except seeding is announced to the {@link OrderListener} once it is stored.
 */
public final class OrderService {

  /** "An order holds at most 250 history entries." */
  public static final int MAX_HISTORY_ENTRIES = 250;

  private final StoreRegistry stores;
  private final InstantSource clock;
  private final OrderListener listener;
  private final IdSequence orderIds = new IdSequence(100_001);
  private final IdSequence itemIds = new IdSequence(500_001);
  private final IdSequence shipmentIds = new IdSequence(700_001);
  private final ConcurrentMap<String, OrderBook> books = new ConcurrentHashMap<>();

  public OrderService(StoreRegistry stores, InstantSource clock, OrderListener listener) {
    this.stores = stores;
    this.clock = clock;
    this.listener = listener;
  }

  public ObjectNode create(String storeId, ObjectNode body) {
    ObjectNode created = insert(storeId, body);
    listener.orderChanged(storeId, WebhookEvent.ORDER_CREATED, created);
    return created;
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
    ObjectNode replaced = book(storeId).lockedBook(book -> {
      ObjectNode stored = require(book.orders(), orderId);
      OrderReplacement.rejectIfStale(stored, input);
      ObjectNode result = OrderReplacement.apply(stored, input, itemIds, now);
      book.store(orderId, result);
      return result.deepCopy();
    });
    listener.orderChanged(storeId, WebhookEvent.ORDER_UPDATED, replaced);
    return replaced;
  }

  public void delete(String storeId, String orderId) {
    stores.require(storeId);
    ObjectNode deleted = book(storeId).lockedBook(book -> {
      ObjectNode last = require(book.orders(), orderId);
      book.forget(orderId);
      return last;
    });
    listener.orderChanged(storeId, WebhookEvent.ORDER_DELETED, deleted);
  }

  public SearchPage search(String storeId, OrderQuery query) {
    stores.require(storeId);
    return book(storeId).lockedBook(book -> {
      List<ObjectNode> matches = book.orders().values().stream()
          .filter(query.filter())
          .sorted(OrderSorting.by(query.orderBy(), query.descending()))
          .toList();
      List<ObjectNode> page = matches.stream()
          .skip(query.offset())
          .limit(query.limit())
          .map(order -> query.withHistory() ? withHistory(order, book) : order.deepCopy())
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
    return update(storeId, orderId, WebhookEvent.ORDER_UPDATED, order -> {
      change.accept(order);
      return null;
    }).order();
  }

  /** The outcome of {@link #update}: what the change returned, and the order as stored afterwards. */
  public record Updated<T>(T result, ObjectNode order) {
  }

  /**
   * Changes one order atomically: {@code change} edits a copy under the store's lock; the copy is then
   * stored with its id restored, missing item ids filled, totals recomputed and {@code date_updated}
   * bumped, and {@code event} is announced. If {@code change} throws, nothing is stored.
   *
   * @throws NotFoundException when the order does not exist
   */
  public <T> Updated<T> update(String storeId, String orderId, WebhookEvent event, Function<ObjectNode, T> change) {
    stores.require(storeId);
    Instant now = clock.instant();
    Updated<T> updated = book(storeId).lockedBook(book -> {
      ObjectNode stored = require(book.orders(), orderId);
      ObjectNode changed = stored.deepCopy();
      T result = change.apply(changed);
      changed.put("id", orderId);
      if (!changed.path("order_items").isArray()) {
        changed.set("order_items", Json.array());
      }
      OrderItems.fillMissingIds((ArrayNode) changed.get("order_items"), itemIds);
      OrderTotals.recompute(changed);
      changed.put("date_updated",
          Timestamps.format(Timestamps.nextWrite(now, stored.path("date_updated").asText())));
      ObjectNode arranged = OrderFields.arrange(changed);
      book.store(orderId, arranged);
      return new Updated<>(result, arranged.deepCopy());
    });
    listener.orderChanged(storeId, event, updated.order());
    return updated;
  }

  /** The order's history entries, oldest first. */
  public List<ObjectNode> history(String storeId, String orderId) {
    stores.require(storeId);
    return book(storeId).lockedBook(book -> {
      require(book.orders(), orderId);
      return book.historyOrEmpty(orderId).stream().map(ObjectNode::deepCopy).toList();
    });
  }

  /**
   * Appends a history entry ({@code source_name}, {@code note}, {@code date_added}); the order itself
   * is not changed. Returns the order with its {@code order_history}.
   *
   * @throws InvalidRequestException when the order already holds {@value #MAX_HISTORY_ENTRIES} entries
   */
  public ObjectNode addHistory(String storeId, String orderId, String sourceName, String note) {
    stores.require(storeId);
    String now = Timestamps.format(clock.instant());
    return book(storeId).lockedBook(book -> {
      ObjectNode order = require(book.orders(), orderId);
      List<ObjectNode> history = book.history(orderId);
      if (history.size() >= MAX_HISTORY_ENTRIES) {
        throw new InvalidRequestException(
            "Order History Not Added: an order holds at most " + MAX_HISTORY_ENTRIES + " history entries");
      }
      history.add(historyEntry(sourceName, note, now));
      return withHistory(order, book);
    });
  }

  /** What {@link #move} did to one order. */
  public record Moved(int originalFolderId, boolean changed) {
  }

  /**
   * Moves an order to {@code folderId}. A real move bumps {@code date_updated}, writes a history
   * entry (while the order has room for one) and announces {@link WebhookEvent#ORDER_MOVED}; moving
   * an order to the folder it is in changes nothing.
   */
  public Moved move(String storeId, String orderId, int folderId) {
    StoreConfig store = stores.require(storeId);
    Instant now = clock.instant();
    Moved moved = book(storeId).lockedBook(book -> {
      ObjectNode stored = require(book.orders(), orderId);
      int original = stored.path("folder_id").asInt();
      if (original == folderId) {
        return new Moved(original, false);
      }
      stored.put("folder_id", folderId);
      stored.put("date_updated", Timestamps.format(Timestamps.nextWrite(now, stored.path("date_updated").asText())));
      List<ObjectNode> history = book.history(orderId);
      if (history.size() < MAX_HISTORY_ENTRIES) {
        String from = store.folders().getOrDefault(original, Integer.toString(original));
        history.add(historyEntry("API", "Order moved from " + from + " to " + store.folders().get(folderId),
            Timestamps.format(now)));
      }
      return new Moved(original, true);
    });
    if (moved.changed()) {
      find(storeId, orderId).ifPresent(order -> listener.orderChanged(storeId, WebhookEvent.ORDER_MOVED, order));
    }
    return moved;
  }

  /** A fresh id for a shipment, increasing across the sandbox. */
  public String newShipmentId() {
    return shipmentIds.next();
  }

  /**
   * Creates an order with the POST rules, then backdates it and attaches shipments and history:
   * seeded data should look like a store that has been running for a while. Not announced.
   */
  public String insertHistoric(String storeId, ObjectNode body, Instant added, Instant updated,
      List<ObjectNode> shipments, List<ObjectNode> history) {
    String id = insert(storeId, body).get("id").asText();
    book(storeId).lockedBook(book -> {
      ObjectNode order = book.orders().get(id);
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
      history.forEach(entry -> book.history(id).add(entry.deepCopy()));
      return null;
    });
    return id;
  }

  /** Forgets every order of the store. */
  public void clear(String storeId) {
    OrderBook book = books.remove(storeId);
    if (book != null) {
      book.lockedBook(b -> {
        b.clear();
        return null;
      });
    }
  }

  IdSequence itemIds() {
    return itemIds;
  }

  private ObjectNode insert(String storeId, ObjectNode body) {
    StoreConfig store = stores.require(storeId);
    Instant now = clock.instant();
    OrderInput input = OrderInput.read(body, now);
    OrderCreation.validate(input, store);
    return book(storeId).lockedBook(book -> {
      String id = orderIds.next();
      ObjectNode order = OrderCreation.build(input, store, id, emailCount(book, input), itemIds, now);
      book.store(id, order);
      return order.deepCopy();
    });
  }

  private static ObjectNode withHistory(ObjectNode order, OrderBook book) {
    ObjectNode copy = order.deepCopy();
    ArrayNode history = copy.putArray("order_history");
    book.historyOrEmpty(order.path("id").asText()).forEach(entry -> history.add(entry.deepCopy()));
    return copy;
  }

  private static ObjectNode historyEntry(String sourceName, String note, String dateAdded) {
    return Json.object().put("source_name", sourceName).put("note", note).put("date_added", dateAdded);
  }

  /** How many orders carry this order's e-mail address, the new one included; 0 without an address. */
  private static int emailCount(OrderBook book, OrderInput input) {
    String email = input.writable().path("email").asText();
    return email.isBlank() ? 0 : 1 + book.ordersWithEmail(email);
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
