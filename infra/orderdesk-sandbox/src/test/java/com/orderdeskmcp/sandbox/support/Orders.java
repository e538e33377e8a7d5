package com.orderdeskmcp.sandbox.support;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Order bodies for tests. */
public final class Orders {

  private Orders() {
  }

  /** A valid create body: a named shipping address and two items (2 × 10.00 and 1 × 5.50). */
  public static ObjectNode minimal() {
    ObjectNode order = Json.object()
        .put("email", "ada@example.com")
        .put("shipping_method", "UPS Ground")
        .put("shipping_total", 4.5)
        .put("handling_total", 1)
        .put("tax_total", "2.05");
    order.putObject("shipping")
        .put("first_name", "Ada")
        .put("last_name", "Lovelace")
        .put("address1", "12 St James's Square")
        .put("city", "London")
        .put("postal_code", "SW1Y 4JH")
        .put("country", "GB");
    order.putArray("order_items").add(item("BOOK-1", "Notes on the Engine", "10.00", 2))
        .add(item("PEN-1", "Fountain Pen", "5.50", 1));
    return order;
  }

  public static ObjectNode item(String code, String name, String price, int quantity) {
    return Json.object()
        .put("code", code)
        .put("name", name)
        .put("price", price)
        .put("quantity", quantity)
        .put("weight", "0.5");
  }
}
