package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One store's orders by id, in creation order, and their history entries, behind the store's lock.
 * History is kept beside the order rather than in it: it is not part of the order a client reads or
 * replaces, only shown when asked for.
 */
final class OrderBook {

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, ObjectNode> orders = new LinkedHashMap<>();
  private final Map<String, List<ObjectNode>> history = new HashMap<>();

  /** Runs {@code action} on the orders while holding the lock; stored nodes must not escape it uncopied. */
  <T> T locked(Function<Map<String, ObjectNode>, T> action) {
    return lockedBook(book -> action.apply(book.orders));
  }

  <T> T lockedBook(Function<OrderBook, T> action) {
    lock.lock();
    try {
      return action.apply(this);
    } finally {
      lock.unlock();
    }
  }

  /** Call with the lock held. */
  Map<String, ObjectNode> orders() {
    return orders;
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
    orders.remove(orderId);
    history.remove(orderId);
  }

  /** Call with the lock held. */
  void clear() {
    orders.clear();
    history.clear();
  }
}
