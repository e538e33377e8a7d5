package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.webhooks.WebhookEvent;

/**
 * Told about every order change after it is stored (seeding excepted), on the writer's thread. The
 * node is the caller's: a listener that keeps it must copy it (most changes interest nobody, so the
 * copy is only paid for when needed).
 */
@FunctionalInterface
public interface OrderListener {

  OrderListener NONE = (storeId, event, order) -> { };

  void orderChanged(String storeId, WebhookEvent event, ObjectNode order);
}
