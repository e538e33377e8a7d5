package com.orderdeskmcp.sandbox.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Pending changes by "someone else" (a person in the OrderDesk UI, a rule), each waiting for its
 * moment: right after the sandbox answers a client's next GET of the order, or right before it
 * handles the client's next PUT of it. Either way the client's copy is stale when it writes.
 */
public final class OutsideWriters {

  /** When a pending outside write happens. */
  public enum Trigger {
    /** After the next {@code GET /orders/{id}} of the order has been answered (the client has the old copy). */
    AFTER_NEXT_GET,
    /** Just before the next {@code PUT /orders/{id}} of the order is handled. */
    BEFORE_NEXT_PUT
  }

  private record Pending(String storeId, String orderId, Trigger trigger, Consumer<ObjectNode> change) {
  }

  private final List<Pending> pending = new ArrayList<>();
  private volatile boolean empty = true;

  public synchronized void add(String storeId, String orderId, Trigger trigger, Consumer<ObjectNode> change) {
    pending.add(new Pending(Objects.requireNonNull(storeId, "storeId"), Objects.requireNonNull(orderId, "orderId"),
        Objects.requireNonNull(trigger, "trigger"), Objects.requireNonNull(change, "change")));
    empty = false;
  }

  /** The first change waiting for this moment, removed from the list. */
  public Optional<Consumer<ObjectNode>> take(String storeId, String orderId, Trigger trigger) {
    if (empty) {
      return Optional.empty();
    }
    synchronized (this) {
      for (int i = 0; i < pending.size(); i++) {
        Pending candidate = pending.get(i);
        if (candidate.trigger() == trigger && candidate.storeId().equals(storeId)
            && candidate.orderId().equals(orderId)) {
          pending.remove(i);
          empty = pending.isEmpty();
          return Optional.of(candidate.change());
        }
      }
      return Optional.empty();
    }
  }

  public synchronized void clear() {
    pending.clear();
    empty = true;
  }
}
