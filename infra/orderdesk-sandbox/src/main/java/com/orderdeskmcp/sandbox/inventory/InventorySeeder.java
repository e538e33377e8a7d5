package com.orderdeskmcp.sandbox.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.seed.SeedCatalog;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Timestamps;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One inventory item per catalogue product (the codes seeded orders use), with stock, cost and
 * location; the same seed gives the same items. Items already in the store are left alone.
 */
public final class InventorySeeder {

  private InventorySeeder() {
  }

  public static List<Integer> seed(InventoryService inventory, String storeId, long randomSeed, Instant now) {
    Random random = new Random(randomSeed);
    List<String> existing = inventory.all(storeId).stream().map(item -> item.path("code").asText()).toList();
    List<Integer> ids = new ArrayList<>();
    String added = Timestamps.format(now.minus(120, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
    for (SeedCatalog.Product product : SeedCatalog.PRODUCTS) {
      if (existing.contains(product.code())) {
        continue;
      }
      ObjectNode item = Json.object()
          .put("name", product.name())
          .put("code", product.code())
          .put("price", product.price())
          .put("cost", product.price().multiply(new BigDecimal("0.45")).setScale(2, RoundingMode.HALF_UP))
          .put("weight", product.weight())
          .put("stock", product.deliveryType().equals("download") ? 0 : random.nextInt(250))
          .put("location", SeedCatalog.LOCATIONS.get(random.nextInt(SeedCatalog.LOCATIONS.size())))
          .put("manufacturer_sku", "MFR-" + product.code().toLowerCase(Locale.ROOT));
      item.putObject("metadata").put("reorder_point", 10 + random.nextInt(40));
      product.variations().forEach((key, value) -> item.withObjectProperty("variation_list").put(key, value));
      ids.add(inventory.insert(storeId, item, random.nextBoolean() ? "Shopify" : "Order Desk", added));
    }
    return ids;
  }
}
