package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.support.Decimals;
import java.math.BigDecimal;

/**
 * The read-only totals, always derived from the items and charges:
 * {@code order_total = product_total + shipping_total + handling_total + tax_total - discount_total},
 * with {@code discount_total} the sum of {@code discount_list} amounts.
 */
final class OrderTotals {

  private OrderTotals() {
  }

  static void recompute(ObjectNode order) {
    int quantity = 0;
    BigDecimal weight = BigDecimal.ZERO;
    BigDecimal products = BigDecimal.ZERO;
    for (JsonNode item : order.path("order_items")) {
      int itemQuantity = Decimals.readInt(item.get("quantity"), "quantity", 1);
      BigDecimal qty = BigDecimal.valueOf(itemQuantity);
      quantity += itemQuantity;
      weight = weight.add(Decimals.read(item.get("weight"), "weight").multiply(qty));
      products = products.add(Decimals.read(item.get("price"), "price").multiply(qty));
    }
    BigDecimal discounts = BigDecimal.ZERO;
    for (JsonNode discount : order.path("discount_list")) {
      discounts = discounts.add(Decimals.read(discount.get("amount"), "amount"));
    }
    BigDecimal total = products
        .add(Decimals.read(order.get("shipping_total"), "shipping_total"))
        .add(Decimals.read(order.get("handling_total"), "handling_total"))
        .add(Decimals.read(order.get("tax_total"), "tax_total"))
        .subtract(discounts);

    order.put("quantity_total", quantity);
    order.set("weight_total", Decimals.measure(weight));
    order.set("product_total", Decimals.money(products));
    order.set("discount_total", Decimals.money(discounts));
    order.set("order_total", Decimals.money(total));
  }
}
