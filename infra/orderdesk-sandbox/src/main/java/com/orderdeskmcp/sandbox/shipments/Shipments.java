package com.orderdeskmcp.sandbox.shipments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.http.ApiException;
import com.orderdeskmcp.sandbox.orders.OrderService;
import com.orderdeskmcp.sandbox.support.NotFoundException;
import com.orderdeskmcp.sandbox.support.Timestamps;
import com.orderdeskmcp.sandbox.webhooks.WebhookEvent;
import java.time.InstantSource;

/**
 * Shipment writes, shared by the single and the batch endpoint. Shipments live in the order's
 * {@code order_shipments}; a change bumps the order's {@code date_updated}.
 */
public final class Shipments {

  /**
   * The docs name the body of a refused duplicate ({@code "Shipment Not Added"}) but not its status.
   * The sandbox answers 400: the request is final and must not be retried as it is, and 409 is
   * taken by the sandbox's stale-write extension, which clients treat as "re-read and retry".
   */
  public static final int DUPLICATE_STATUS = 400;
  public static final String NOT_ADDED = "Shipment Not Added";
  public static final String NOT_UPDATED = "Shipment Not Updated";

  private final OrderService orders;
  private final InstantSource clock;

  public Shipments(OrderService orders, InstantSource clock) {
    this.orders = orders;
    this.clock = clock;
  }

  /** @throws ApiException 400 "Shipment Not Added" when the tracking number is already on the order */
  public void add(String storeId, String orderId, JsonNode body) {
    var now = clock.instant();
    ObjectNode shipment = ShipmentInput.build(body, orders.newShipmentId(), orderId, storeId, now,
        Timestamps.format(now));
    orders.update(storeId, orderId, WebhookEvent.SHIPMENT_ADDED, order -> {
      ArrayNode shipments = order.withArrayProperty("order_shipments");
      if (ShipmentInput.duplicate(shipments, shipment.get("tracking_number").asText(), null)) {
        throw new ApiException(DUPLICATE_STATUS, NOT_ADDED);
      }
      shipments.add(shipment);
      return null;
    });
  }

  /** A whole new shipment under the same id; its {@code date_added} stays. */
  public void replace(String storeId, String orderId, String shipmentId, JsonNode body) {
    var now = clock.instant();
    orders.update(storeId, orderId, WebhookEvent.SHIPMENT_UPDATED, order -> {
      ArrayNode shipments = order.withArrayProperty("order_shipments");
      int index = indexOf(shipments, shipmentId);
      ObjectNode shipment = ShipmentInput.build(body, shipmentId, orderId, storeId, now,
          shipments.get(index).path("date_added").asText());
      if (ShipmentInput.duplicate(shipments, shipment.get("tracking_number").asText(), shipmentId)) {
        throw new ApiException(DUPLICATE_STATUS, NOT_UPDATED);
      }
      shipments.set(index, shipment);
      return null;
    });
  }

  public void delete(String storeId, String orderId, String shipmentId) {
    orders.update(storeId, orderId, WebhookEvent.SHIPMENT_DELETED, order -> {
      ArrayNode shipments = order.withArrayProperty("order_shipments");
      shipments.remove(indexOf(shipments, shipmentId));
      return null;
    });
  }

  static int indexOf(ArrayNode shipments, String shipmentId) {
    for (int i = 0; i < shipments.size(); i++) {
      if (shipments.get(i).path("id").asText().equals(shipmentId)) {
        return i;
      }
    }
    throw new NotFoundException("Shipment " + shipmentId + " not found");
  }
}
