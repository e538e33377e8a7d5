package com.orderdeskmcp.sandbox.webhooks;

import java.util.Arrays;
import java.util.Locale;

/**
 * The order changes a store's "Post Order JSON" notification can be tied to. OrderDesk ties the
 * action to rule events; these are the ones the sandbox can tell apart.
 */
public enum WebhookEvent {

  /** OrderDesk's "Order is Created Manually" / "Order is Imported": {@code POST /orders}, {@code createOrder}. */
  ORDER_CREATED,
  /**
   * OrderDesk's "Order Details Changed": {@code PUT /orders/{id}}, order-item writes, and outside
   * writers ({@code modifyOrder} and the GET/PUT triggers).
   */
  ORDER_UPDATED,
  /** No OrderDesk rule event; the sandbox's own, so that clients can observe deletes. Sends the last state. */
  ORDER_DELETED,
  /** OrderDesk's "Folder is Changed": {@code POST /move-orders} (only orders whose folder really changed). */
  ORDER_MOVED,
  /** A shipment event: {@code POST /orders/{id}/shipments} and each shipment of {@code /batch-shipments}. */
  SHIPMENT_ADDED,
  /** {@code PUT /orders/{id}/shipments/{shipmentId}}. */
  SHIPMENT_UPDATED,
  /** {@code DELETE /orders/{id}/shipments/{shipmentId}}. */
  SHIPMENT_DELETED;

  /** The name used on the control API, e.g. {@code order_created}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static WebhookEvent fromWireName(String name) {
    return Arrays.stream(values())
        .filter(event -> event.wireName().equalsIgnoreCase(name.trim()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown webhook event " + name + "; known: "
            + Arrays.stream(values()).map(WebhookEvent::wireName).toList()));
  }
}
