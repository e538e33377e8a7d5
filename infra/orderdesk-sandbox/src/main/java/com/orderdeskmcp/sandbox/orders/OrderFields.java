package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.support.Json;
import java.util.List;
import java.util.Map;

/** The order schema of the OrderDesk docs: which fields exist, which a client may write, and their order. */
final class OrderFields {

  static final List<String> SHIPPING_KEYS = List.of(
      "first_name", "last_name", "company", "address1", "address2", "address3", "address4",
      "city", "state", "postal_code", "country", "phone");
  /** {@code address3}/{@code address4} exist only on shipping. */
  static final List<String> CUSTOMER_KEYS = List.of(
      "first_name", "last_name", "company", "address1", "address2",
      "city", "state", "postal_code", "country", "phone");
  static final List<String> RETURN_ADDRESS_KEYS = List.of(
      "title", "name", "company", "address1", "address2", "city", "state", "postal_code", "country", "phone");

  /** Writable string fields: a PUT that omits one blanks it to "". */
  static final List<String> TEXT_FIELDS = List.of(
      "email", "shipping_method", "cc_number_masked", "cc_exp", "processor_response", "payment_type",
      "payment_status", "customer_id", "ip_address", "tag_color", "tag_name", "source_name", "source_id",
      "fulfillment_name", "fulfillment_id");

  /** Writable money fields: a PUT that omits one blanks it to 0. */
  static final List<String> MONEY_FIELDS = List.of(
      "shipping_total", "handling_total", "tax_total", "processor_balance", "refund_total");

  /** Field order of the docs' example order; responses follow it so they read like the real thing. */
  private static final List<String> LAYOUT = List.of(
      "id", "email", "shipping_method", "quantity_total", "weight_total", "product_total", "shipping_total",
      "handling_total", "tax_total", "discount_total", "order_total", "cc_number_masked", "cc_exp",
      "processor_response", "payment_type", "payment_status", "processor_balance", "refund_total",
      "customer_id", "email_count", "ip_address", "tag_color", "tag_name", "source_name", "source_id",
      "fulfillment_name", "fulfillment_id", "folder_id", "date_added", "date_updated",
      "shipping", "customer", "return_address", "checkout_data", "order_metadata", "discount_list",
      "order_notes", "order_items", "order_shipments");

  private OrderFields() {
  }

  /** A copy of {@code order} with the documented fields first, in the documented order. */
  static ObjectNode arrange(ObjectNode order) {
    ObjectNode arranged = Json.object();
    for (String field : LAYOUT) {
      if (order.has(field)) {
        arranged.set(field, order.get(field));
      }
    }
    for (Map.Entry<String, JsonNode> field : order.properties()) {
      if (!arranged.has(field.getKey())) {
        arranged.set(field.getKey(), field.getValue());
      }
    }
    return arranged;
  }
}
