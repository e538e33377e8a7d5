package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One store's orders by id, in creation order, and their history entries, behind the store's lock.
 * History is kept beside the order rather than in it: it is not part of the order a client reads or
 * replaces, only shown when asked for. Orders are stored through {@link #store} and {@link #forget}
 * only, which keep a count of orders per e-mail address: {@code email_count} at creation would
 * otherwise scan the whole store, and seeding tens of thousands of orders took minutes.
 */
final class OrderBook {

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, ObjectNode> orders = new LinkedHashMap<>();
  private final Map<String, ObjectNode> readOnly = Collections.unmodifiableMap(orders);
  private final Map<String, List<ObjectNode>> history = new HashMap<>();
  private final Map<String, Integer> ordersByEmail = new HashMap<>();

  /** Runs {@code action} on the orders (read-only) while holding the lock; stored nodes must not escape it uncopied. */
  <T> T locked(Function<Map<String, ObjectNode>, T> action) {
    return lockedBook(book -> action.apply(book.readOnly));
  }

  <T> T lockedBook(Function<OrderBook, T> action) {
    lock.lock();
    try {
      return action.apply(this);
    } finally {
      lock.unlock();
    }
  }

  /** The orders, read-only; call with the lock held. */
  Map<String, ObjectNode> orders() {
    return readOnly;
  }

  /** Stores a new order, or replaces one; call with the lock held. */
  void store(String orderId, ObjectNode order) {
    count(orders.put(orderId, order), -1);
    count(order, 1);
  }

  /** How many orders carry this e-mail address (compared ignoring case); call with the lock held. */
  int ordersWithEmail(String email) {
    return ordersByEmail.getOrDefault(email.toLowerCase(Locale.ROOT), 0);
  }

  /** The history of an order, created empty on first use; call with the lock held. */
  List<ObjectNode> history(String orderId) {
    return history.computeIfAbsent(orderId, id -> new ArrayList<>());
  }

  /** The history of an order without creating one; call with the lock held. */
  List<ObjectNode> historyOrEmpty(String orderId) {
    return history.getOrDefault(orderId, List.of());
  }

  /** Call with the lock held. */
  void forget(String orderId) {
    count(orders.remove(orderId), -1);
    history.remove(orderId);
  }

  /** Call with the lock held. */
  void clear() {
    orders.clear();
    history.clear();
    ordersByEmail.clear();
  }

  private void count(ObjectNode order, int delta) {
    String email = order == null ? "" : order.path("email").asText();
    if (!email.isBlank()) {
      ordersByEmail.merge(email.toLowerCase(Locale.ROOT), delta, (a, b) -> a + b == 0 ? null : a + b);
    }
  }
}
