package com.orderdeskmcp.sandbox.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.Timestamps;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SeedOrdersTest extends SandboxTestBase {

  @Test
  void seededOrdersAreRealisticAndConsistent() {
    List<String> ids = sandbox.seedOrders(STORE, 60, 7);

    assertThat(ids).hasSize(60).doesNotHaveDuplicates();
    List<ObjectNode> orders = ids.stream().map(id -> sandbox.order(STORE, id).orElseThrow()).toList();
    for (ObjectNode order : orders) {
      assertThat(order.get("id").isTextual()).isTrue();
      assertThat(order.get("order_items").size()).isBetween(1, 4);
      assertThat(order.get("folder_id").isInt()).isTrue();
      assertThat(order.get("shipping").get("last_name").asText()).isNotBlank();
      assertThat(order.get("customer").get("first_name").asText()).isNotBlank();
      assertThat(order.get("order_metadata").has("fraud_protection_score")).isTrue();
      assertThat(order.get("date_updated").asText()).isGreaterThanOrEqualTo(order.get("date_added").asText());
      assertThat(Timestamps.parse(order.get("date_updated").asText())).isBeforeOrEqualTo(clock.instant());
      assertThat(order.get("order_total").decimalValue()).isEqualByComparingTo(expectedTotal(order));
    }
    assertThat(orders).anyMatch(o -> o.get("order_shipments").size() > 0);
    assertThat(orders).anyMatch(o -> o.get("order_shipments").isEmpty());
    assertThat(orders).anyMatch(o -> o.get("discount_list").size() > 0);
    assertThat(orders).anyMatch(o -> o.get("order_notes").size() > 0);
    assertThat(orders).anyMatch(o -> o.get("checkout_data").size() > 0);
    assertThat(orders).anyMatch(o -> Integer.parseInt(o.get("email_count").asText()) > 1);
    assertThat(orders).anyMatch(o -> !o.get("shipping").toString().chars().allMatch(c -> c < 128));
    assertThat(orders.stream().map(o -> o.get("date_added").asText()).toList()).isSorted();
  }

  @Test
  void shipmentsLookLikeOrderDesksAndBelongToTheirOrder() {
    List<String> ids = sandbox.seedOrders(STORE, 30, 11);

    ObjectNode shipped = ids.stream().map(id -> sandbox.order(STORE, id).orElseThrow())
        .filter(o -> o.get("order_shipments").size() > 0).findFirst().orElseThrow();
    JsonNode shipment = shipped.get("order_shipments").get(0);

    assertThat(shipment.get("order_id").asText()).isEqualTo(shipped.get("id").asText());
    assertThat(shipment.get("store_id").asText()).isEqualTo(STORE);
    assertThat(shipment.get("tracking_number").asText()).isNotBlank();
    assertThat(shipment.get("tracking_url").asText()).contains(shipment.get("tracking_number").asText());
    assertThat(StreamSupport.stream(shipment.spliterator(), false)).allMatch(JsonNode::isTextual);
  }

  @Test
  void theSameSeedGivesTheSameOrders() {
    List<String> first = sandbox.seedOrders(STORE, 10, 42);
    try (OrderDeskSandbox other = OrderDeskSandbox.start(SandboxOptions.defaults().withClock(clock))) {
      other.addStore(STORE, KEY);
      List<String> second = other.seedOrders(STORE, 10, 42);

      assertThat(second).isEqualTo(first);
      for (int i = 0; i < first.size(); i++) {
        assertThat(other.order(STORE, second.get(i))).isEqualTo(sandbox.order(STORE, first.get(i)));
      }
    }
  }

  @Test
  void seededOrdersAreServedOverHttp() {
    sandbox.seedOrders(STORE, 40, 3);

    JsonNode page = api.get("/orders?limit=25").json();

    assertThat(page.get("total_records").asInt()).isEqualTo(40);
    assertThat(page.get("records_returned").asInt()).isEqualTo(25);
  }

  @Test
  void seededOrdersHaveHistoryStartingWithTheirSource() {
    List<String> ids = sandbox.seedOrders(STORE, 40, 5);

    for (String id : ids) {
      List<ObjectNode> history = sandbox.orderHistory(STORE, id);
      assertThat(history).isNotEmpty();
      String source = sandbox.order(STORE, id).orElseThrow().get("source_name").asText();
      assertThat(history.getFirst().get("note").asText()).contains(source.equals("Order Desk") ? "created" : source);
    }
    assertThat(ids).anyMatch(id -> sandbox.orderHistory(STORE, id).size() > 1);
  }

  @Test
  void inventoryIsSeededWithTheCodesOrdersUse() {
    List<String> orderIds = sandbox.seedOrders(STORE, 30, 9);
    List<Integer> itemIds = sandbox.seedInventory(STORE, 9);

    assertThat(itemIds).hasSizeGreaterThanOrEqualTo(10).doesNotHaveDuplicates();
    List<String> codes = sandbox.inventoryItems(STORE).stream().map(item -> item.get("code").asText()).toList();
    for (String id : orderIds) {
      sandbox.order(STORE, id).orElseThrow().get("order_items")
          .forEach(item -> assertThat(codes).contains(item.get("code").asText()));
    }
    JsonNode item = sandbox.inventoryItem(STORE, itemIds.getFirst()).orElseThrow();
    assertThat(item.get("name").asText()).isNotBlank();
    assertThat(item.get("location").asText()).isNotBlank();
    assertThat(item.get("update_source").asText()).isNotBlank();
    assertThat(sandbox.seedInventory(STORE, 9)).as("codes already there are skipped").isEmpty();
    assertThat(api.get("/inventory-items").json().get("total_records").asText())
        .isEqualTo(Integer.toString(itemIds.size()));
  }

  @Test
  void seedingOverTheControlApi() {
    JsonNode reply = control.post("/stores/" + STORE + "/seed", "{\"orders\":12,\"inventory\":true,\"seed\":4}").json();

    assertThat(reply.get("order_ids")).hasSize(12);
    assertThat(reply.get("inventory_item_ids").size()).isPositive();
    assertThat(api.get("/orders").json().get("total_records").asInt()).isEqualTo(12);
    assertThat(control.post("/stores/nope/seed", "{}").status()).isEqualTo(404);
  }

  private static BigDecimal expectedTotal(JsonNode order) {
    BigDecimal products = BigDecimal.ZERO;
    for (JsonNode item : order.get("order_items")) {
      products = products.add(item.get("price").decimalValue().multiply(BigDecimal.valueOf(item.get("quantity").asInt())));
    }
    BigDecimal discounts = BigDecimal.ZERO;
    for (JsonNode discount : order.get("discount_list")) {
      discounts = discounts.add(new BigDecimal(discount.get("amount").asText()));
    }
    return products.add(order.get("shipping_total").decimalValue()).add(order.get("handling_total").decimalValue())
        .add(order.get("tax_total").decimalValue()).subtract(discounts);
  }
}
