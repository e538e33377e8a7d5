package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/** One store's orders by id, in creation order, behind the store's lock. */
final class OrderBook {

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, ObjectNode> orders = new LinkedHashMap<>();

  /** Runs {@code action} while holding the lock; stored nodes must not escape it uncopied. */
  <T> T locked(Function<Map<String, ObjectNode>, T> action) {
    lock.lock();
    try {
      return action.apply(orders);
    } finally {
      lock.unlock();
    }
  }
}
