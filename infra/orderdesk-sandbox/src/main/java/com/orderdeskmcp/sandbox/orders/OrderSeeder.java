package com.orderdeskmcp.sandbox.orders;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.seed.SeedCatalog;
import com.orderdeskmcp.sandbox.seed.SeedCatalog.Person;
import com.orderdeskmcp.sandbox.seed.SeedCatalog.Place;
import com.orderdeskmcp.sandbox.seed.SeedCatalog.Product;
import com.orderdeskmcp.sandbox.seed.SeedCatalog.ShippingOption;
import com.orderdeskmcp.sandbox.shipments.TrackingUrls;
import com.orderdeskmcp.sandbox.store.StoreConfig;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Timestamps;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Fills a store with realistic orders: the same seed always gives the same orders, spread over the
 * last 90 days with ids increasing in date order, with shipments on shipped ones and a few history
 * entries. Goes through the POST rules, so totals and defaults are computed exactly as for
 * client-created orders. Item codes are those {@code seedInventory} uses.
 */
public final class OrderSeeder {

  private static final Duration SPAN = Duration.ofDays(90);
  private static final BigDecimal TAX_RATE = new BigDecimal("0.08");

  private record Customer(String id, Person person, Place place, String email) {
  }

  private final OrderService orders;
  private final StoreConfig store;
  private final Random random;
  private final List<Customer> customers;

  private OrderSeeder(OrderService orders, StoreConfig store, long randomSeed, int count) {
    this.orders = orders;
    this.store = store;
    this.random = new Random(randomSeed);
    // Fewer customers than orders, so some people order again (and email_count goes above 1).
    this.customers = customers(Math.max(3, count * 2 / 3));
  }

  public static List<String> seed(OrderService orders, StoreConfig store, int count, long randomSeed,
      Instant now) {
    return new OrderSeeder(orders, store, randomSeed, count).seed(count, now);
  }

  private List<String> seed(int count, Instant now) {
    List<String> ids = new ArrayList<>();
    Instant start = now.minus(SPAN).truncatedTo(ChronoUnit.SECONDS);
    long step = Math.max(1, SPAN.toSeconds() / Math.max(1, count));
    for (int i = 0; i < count; i++) {
      Instant added = start.plusSeconds(i * step + random.nextLong(step));
      Instant updated = min(added.plusSeconds(random.nextLong(2 * 86_400)), now);
      Customer customer = customers.get(random.nextInt(customers.size()));
      ShippingOption shipping = pick(SeedCatalog.SHIPPING);
      int folderId = pickFolder();
      boolean shipped = isShippedFolder(folderId) || random.nextInt(5) == 0;
      ObjectNode body = order(i, customer, shipping, folderId, added);
      List<ObjectNode> shipments = shipped ? List.of(shipment(shipping, body, updated)) : List.of();
      ids.add(orders.insertHistoric(store.id(), body, added, updated, shipments, history(body, added, updated)));
    }
    return ids;
  }

  private ObjectNode order(int index, Customer customer, ShippingOption shipping, int folderId, Instant added) {
    ObjectNode order = Json.object();
    order.put("email", customer.email());
    order.put("customer_id", customer.id());
    order.put("shipping_method", shipping.method());
    order.put("folder_id", folderId);
    String source = pick(SeedCatalog.SOURCES);
    order.put("source_name", source);
    if (!source.equals("Order Desk")) {
      order.put("source_id", source.substring(0, 2).toUpperCase(Locale.ROOT) + "-" + (1000 + index));
    }
    order.put("ip_address", "203.0.113." + (1 + random.nextInt(254)));
    payment(order);

    ArrayNode items = order.putArray("order_items");
    BigDecimal products = BigDecimal.ZERO;
    List<Product> catalog = new ArrayList<>(SeedCatalog.PRODUCTS);
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      Product product = catalog.remove(random.nextInt(catalog.size()));
      int quantity = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
      ObjectNode item = items.addObject()
          .put("name", product.name())
          .put("code", product.code())
          .put("price", product.price())
          .put("quantity", quantity)
          .put("weight", product.weight())
          .put("delivery_type", product.deliveryType());
      product.variations().forEach((key, value) -> item.withObjectProperty("variation_list").put(key, value));
      products = products.add(product.price().multiply(BigDecimal.valueOf(quantity)));
    }
    order.put("shipping_total", shipping.cost());
    order.put("handling_total", random.nextInt(4) == 0 ? new BigDecimal("1.50") : BigDecimal.ZERO);
    order.put("tax_total", products.multiply(TAX_RATE).setScale(2, RoundingMode.HALF_UP));
    if (random.nextInt(4) == 0) {
      order.putArray("discount_list").addObject()
          .put("name", "Spring Sale")
          .put("code", "SPRING10")
          .put("amount", products.divide(BigDecimal.TEN, 2, RoundingMode.HALF_UP).toPlainString());
    }

    order.set("shipping", address(customer));
    if (random.nextInt(6) == 0) {
      // Billed to someone else than the recipient: a gift.
      Customer payer = customers.get(random.nextInt(customers.size()));
      order.set("customer", address(payer));
      order.withObjectProperty("checkout_data").put("Gift Message", pick(SeedCatalog.GIFT_MESSAGES));
    }
    if (random.nextInt(3) == 0) {
      order.withObjectProperty("checkout_data").put("Delivery Instructions", "Leave at the back door");
    }
    order.withObjectProperty("order_metadata").put("fraud_protection_score", random.nextInt(100));
    if (random.nextBoolean()) {
      order.withObjectProperty("order_metadata").put("utm_source", random.nextBoolean() ? "newsletter" : "instagram");
    }
    if (random.nextInt(3) == 0) {
      order.putArray("order_notes").addObject()
          .put("date_added", Timestamps.format(added.plusSeconds(600)))
          .put("username", "Customer Service Rep")
          .put("content", pick(SeedCatalog.NOTES));
    }
    return order;
  }

  private void payment(ObjectNode order) {
    String type = pick(SeedCatalog.PAYMENT_TYPES);
    order.put("payment_type", type);
    order.put("payment_status", pick(SeedCatalog.PAYMENT_STATUSES));
    if (type.equals("PayPal")) {
      order.put("processor_response", "PayPal: " + hex(17).toUpperCase(Locale.ROOT));
    } else {
      order.put("cc_number_masked", "xxxxxxxxxxxx" + (1000 + random.nextInt(9000)));
      order.put("cc_exp", String.format(Locale.ROOT, "%02d/%d", 1 + random.nextInt(12), 2027 + random.nextInt(4)));
      order.put("processor_response", "Stripe: ch_" + hex(24));
    }
  }

  /** Where the order came from, and now and then a note someone added. */
  private List<ObjectNode> history(ObjectNode order, Instant added, Instant updated) {
    List<ObjectNode> history = new ArrayList<>();
    String source = order.path("source_name").asText();
    history.add(Json.object()
        .put("source_name", source)
        .put("note", source.equals("Order Desk") ? "Order created" : "Order imported from " + source)
        .put("date_added", Timestamps.format(added)));
    if (random.nextInt(4) == 0) {
      history.add(Json.object()
          .put("source_name", random.nextBoolean() ? "API" : "Customer Service Rep")
          .put("note", pick(SeedCatalog.HISTORY_NOTES))
          .put("date_added", Timestamps.format(updated)));
    }
    return history;
  }

  private ObjectNode shipment(ShippingOption shipping, ObjectNode order, Instant updated) {
    String tracking = switch (shipping.carrier()) {
      case "UPS" -> "1Z" + digits(16);
      case "USPS" -> "9400" + digits(18);
      default -> digits(12);
    };
    return Json.object()
        .put("tracking_number", tracking)
        .put("carrier_code", shipping.carrier())
        .put("shipment_method", shipping.method())
        .put("weight", "1")
        .put("cost", order.get("shipping_total").decimalValue().toPlainString())
        .put("status", "")
        .put("tracking_url", TrackingUrls.derive(shipping.carrier(), tracking))
        .put("label_format", "")
        .put("label_image", "")
        .put("print_status", "0")
        .put("order_items", "")
        .put("cart_shipment_id", "")
        .put("label_shipment_id", "")
        .put("date_shipped", Timestamps.date(updated))
        .put("date_added", Timestamps.format(updated));
  }

  private static ObjectNode address(Customer customer) {
    Person person = customer.person();
    Place place = customer.place();
    return Json.object()
        .put("first_name", person.firstName())
        .put("last_name", person.lastName())
        .put("company", person.company())
        .put("address1", place.address1())
        .put("address2", place.address2())
        .put("city", place.city())
        .put("state", place.state())
        .put("postal_code", place.postalCode())
        .put("country", place.country())
        .put("phone", place.phone());
  }

  private List<Customer> customers(int count) {
    List<Customer> result = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Person person = pick(SeedCatalog.PEOPLE);
      Place place = pick(SeedCatalog.PLACES);
      String email = ascii(person.firstName()) + "." + ascii(person.lastName()) + (i + 1) + "@example.com";
      result.add(new Customer(Integer.toString(5_480_000 + i * 37), person, place, email));
    }
    return result;
  }

  private int pickFolder() {
    List<Integer> ids = List.copyOf(store.folders().keySet());
    return ids.get(random.nextInt(ids.size()));
  }

  private boolean isShippedFolder(int folderId) {
    String name = store.folders().get(folderId);
    return name.equals("Shipped") || name.equals("Archived");
  }

  /** "Zoë" → "zoe"; names without Latin letters (山田) become "customer". */
  private static String ascii(String name) {
    String plain = Normalizer.normalize(name, Normalizer.Form.NFD)
        .replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L").replace("ð", "d")
        .replaceAll("[^A-Za-z]", "")
        .toLowerCase(Locale.ROOT);
    return plain.isEmpty() ? "customer" : plain;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private String digits(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(random.nextInt(10));
    }
    return text.toString();
  }

  private String hex(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(Character.forDigit(random.nextInt(16), 16));
    }
    return text.toString();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
