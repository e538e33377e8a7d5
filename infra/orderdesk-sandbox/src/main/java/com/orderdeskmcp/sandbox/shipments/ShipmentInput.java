package com.orderdeskmcp.sandbox.shipments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A shipment as stored and shown: every value a string, as in the docs' examples. A write is a whole
 * shipment (omitted fields blank); {@code tracking_number} is required ("n/a" when there is none).
 */
final class ShipmentInput {

  /** Fields a client writes, in the order responses show them. */
  static final List<String> WRITABLE = List.of(
      "tracking_number", "carrier_code", "shipment_method", "weight", "cost", "status", "tracking_url",
      "label_format", "label_image", "print_status", "order_items", "cart_shipment_id", "label_shipment_id",
      "date_shipped");

  private ShipmentInput() {
  }

  /** The stored form of {@code body}, with the server's fields ({@code id}, {@code order_id}, ...) set. */
  static ObjectNode build(JsonNode body, String id, String orderId, String storeId, Instant now, String dateAdded) {
    if (!body.isObject()) {
      throw new InvalidRequestException("A shipment must be a JSON object");
    }
    String tracking = Json.text(body.get("tracking_number")).trim();
    if (tracking.isEmpty()) {
      throw new InvalidRequestException("tracking_number is required (use n/a when there is none)");
    }
    ObjectNode shipment = Json.object().put("id", id).put("order_id", orderId).put("store_id", storeId);
    for (String field : WRITABLE) {
      shipment.put(field, text(body.get(field)));
    }
    shipment.put("tracking_number", tracking);
    if (shipment.get("tracking_url").asText().isBlank()) {
      shipment.put("tracking_url", TrackingUrls.derive(shipment.get("carrier_code").asText(), tracking));
    }
    if (shipment.get("print_status").asText().isBlank()) {
      shipment.put("print_status", "0");
    }
    if (shipment.get("date_shipped").asText().isBlank()) {
      shipment.put("date_shipped", Timestamps.date(now));
    }
    shipment.put("date_added", dateAdded);
    return shipment;
  }

  /** Whether {@code tracking} is already on another shipment of the order ("n/a" never clashes). */
  static boolean duplicate(JsonNode shipments, String tracking, String exceptId) {
    String wanted = tracking.trim().toLowerCase(Locale.ROOT);
    if (wanted.equals("n/a")) {
      return false;
    }
    for (JsonNode shipment : shipments) {
      if (!shipment.path("id").asText().equals(exceptId)
          && shipment.path("tracking_number").asText().trim().toLowerCase(Locale.ROOT).equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  /** Numbers become their plain text; {@code order_items} for a partial shipment may arrive as an array. */
  private static String text(JsonNode node) {
    return node != null && node.isContainerNode() ? node.toString() : Json.text(node);
  }
}
