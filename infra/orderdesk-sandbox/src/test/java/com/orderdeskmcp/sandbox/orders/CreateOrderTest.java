package com.orderdeskmcp.sandbox.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Orders;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CreateOrderTest extends SandboxTestBase {

  @Test
  void orderWithoutItemsIsRejected() {
    ObjectNode body = Orders.minimal();
    body.putArray("order_items");

    ApiClient.Reply reply = api.post("/orders", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("status").asText()).isEqualTo("error");
    assertThat(reply.json().get("message").asText()).contains("order_items");
    assertThat(sandbox.countRequests(STORE, "POST", null)).isEqualTo(1);
    assertThat(api.get("/orders").json().get("total_records").asInt()).isZero();
  }

  @Test
  void orderWithoutANameOrCompanyIsRejected() {
    ObjectNode body = Orders.minimal();
    ((ObjectNode) body.get("shipping")).remove("last_name");

    ApiClient.Reply reply = api.post("/orders", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).contains("first and last name or a company");
  }

  @Test
  void aCompanyAloneIsEnough() {
    ObjectNode body = Orders.minimal();
    body.remove("shipping");
    body.putObject("customer").put("company", "Analytical Engines Ltd");

    ApiClient.Reply reply = api.post("/orders", body);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.order().get("shipping").get("company").asText()).isEqualTo("Analytical Engines Ltd");
  }

  @Test
  void flatAddressAliasesAreAccepted() {
    ObjectNode body = Orders.minimal();
    body.remove("shipping");
    body.put("shipping_first_name", "Grace").put("shipping_last_name", "Hopper").put("shipping_city", "Arlington");

    ObjectNode order = createViaApi(body);

    assertThat(order.get("shipping").get("first_name").asText()).isEqualTo("Grace");
    assertThat(order.get("customer").get("city").asText()).isEqualTo("Arlington");
    assertThat(order.has("shipping_first_name")).isFalse();
  }

  @Test
  void unknownFolderIsRejected() {
    ApiClient.Reply reply = api.post("/orders", Orders.minimal().put("folder_id", 77));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).contains("folder_id");
  }

  @Test
  void createAppliesTheDocumentedDefaults() {
    ApiClient.Reply reply = api.post("/orders", Orders.minimal());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("status").asText()).isEqualTo("success");
    assertThat(reply.json().get("message").asText()).isEqualTo("Order Created");
    ObjectNode order = reply.order();
    String id = order.get("id").asText();
    assertThat(order.get("id").isTextual()).isTrue();
    assertThat(id).matches("\\d+");
    assertThat(order.get("source_name").asText()).isEqualTo("Order Desk");
    assertThat(order.get("payment_status").asText()).isEqualTo("Captured");
    assertThat(order.get("folder_id").isInt()).isTrue();
    assertThat(order.get("folder_id").asInt()).isEqualTo(1);
    assertThat(order.get("source_id").asText()).isEqualTo(id);
    assertThat(order.get("email_count").asText()).isEqualTo("1");
    assertThat(order.get("date_added").asText()).isEqualTo("2025-03-14 09:26:53");
    assertThat(order.get("date_updated").asText()).isEqualTo("2025-03-14 09:26:53");
    assertThat(order.get("order_shipments").isArray()).isTrue();
    assertThat(order.get("order_shipments")).isEmpty();
  }

  @Test
  void givenSourceAndFolderAreKept() {
    ObjectNode order = createViaApi(Orders.minimal()
        .put("source_id", "SHOP-1042").put("source_name", "Shopify").put("folder_id", "3"));

    assertThat(order.get("source_id").asText()).isEqualTo("SHOP-1042");
    assertThat(order.get("source_name").asText()).isEqualTo("Shopify");
    assertThat(order.get("folder_id").asInt()).isEqualTo(3);
  }

  @Test
  void onlyShippingGivenIsCopiedToCustomer() {
    ObjectNode order = createViaApi(Orders.minimal());

    JsonNode customer = order.get("customer");
    assertThat(customer.get("first_name").asText()).isEqualTo("Ada");
    assertThat(customer.get("address1").asText()).isEqualTo("12 St James's Square");
    assertThat(customer.get("country").asText()).isEqualTo("GB");
    assertThat(customer.has("address3")).isFalse();
  }

  @Test
  void onlyCustomerGivenIsCopiedToShipping() {
    ObjectNode body = Orders.minimal();
    body.set("customer", body.remove("shipping"));

    ObjectNode order = createViaApi(body);

    assertThat(order.get("shipping").get("last_name").asText()).isEqualTo("Lovelace");
    assertThat(order.get("shipping").get("address3").asText()).isEmpty();
  }

  @Test
  void bothAddressesGivenAreKeptApart() {
    ObjectNode body = Orders.minimal();
    body.putObject("customer").put("first_name", "Charles").put("last_name", "Babbage");

    ObjectNode order = createViaApi(body);

    assertThat(order.get("shipping").get("first_name").asText()).isEqualTo("Ada");
    assertThat(order.get("customer").get("first_name").asText()).isEqualTo("Charles");
    assertThat(order.get("customer").get("address1").asText()).isEmpty();
  }

  @Test
  void totalsAreComputedFromItemsAndChargesIgnoringSentTotals() {
    ObjectNode body = Orders.minimal().put("order_total", 9999).put("product_total", 1);
    body.putArray("discount_list").addObject().put("name", "Loyalty").put("code", "LOYAL").put("amount", "1.70");

    ObjectNode order = createViaApi(body);

    // items: 2 × 10.00 + 1 × 5.50; charges: 4.50 shipping, 1 handling, 2.05 tax; discount 1.70
    assertThat(order.get("quantity_total").asInt()).isEqualTo(3);
    assertThat(order.get("weight_total").decimalValue()).isEqualByComparingTo("1.5");
    assertThat(order.get("product_total").decimalValue()).isEqualByComparingTo("25.50");
    assertThat(order.get("discount_total").decimalValue()).isEqualByComparingTo("1.70");
    assertThat(order.get("order_total").decimalValue()).isEqualByComparingTo("31.35");
    assertThat(order.get("processor_balance").decimalValue()).isEqualByComparingTo("31.35");
    assertThat(order.get("order_total").isNumber()).isTrue();
    assertThat(order.get("discount_list").get(0).get("amount").asText()).isEqualTo("1.70");
  }

  @Test
  void itemsGetNewIncreasingIdsAndOrdersToo() {
    ObjectNode first = createViaApi(Orders.minimal());
    ObjectNode body = Orders.minimal();
    ((ObjectNode) body.get("order_items").get(0)).put("id", "12345");
    ObjectNode second = createViaApi(body);

    assertThat(new BigDecimal(second.get("id").asText())).isGreaterThan(new BigDecimal(first.get("id").asText()));
    JsonNode items = second.get("order_items");
    assertThat(items.get(0).get("id").isTextual()).isTrue();
    assertThat(items.get(0).get("id").asText()).isNotEqualTo("12345");
    assertThat(new BigDecimal(items.get(1).get("id").asText()))
        .isGreaterThan(new BigDecimal(items.get(0).get("id").asText()));
    assertThat(items.get(0).get("delivery_type").asText()).isEqualTo("ship");
    assertThat(items.get(0).get("variation_list").isArray()).isTrue();
  }

  @Test
  void emailCountCountsTheStoresOrdersWithThatAddress() {
    createViaApi(Orders.minimal());
    createViaApi(Orders.minimal().put("email", "someone@else.org"));

    ObjectNode third = createViaApi(Orders.minimal().put("email", "ADA@example.com"));

    assertThat(third.get("email_count").asText()).isEqualTo("2");
  }

  @Test
  void emailCountFollowsChangedAddressesAndDeletedOrders() {
    ObjectNode first = createViaApi(Orders.minimal());
    ObjectNode second = createViaApi(Orders.minimal());
    assertThat(api.put("/orders/" + second.get("id").asText(), second.deepCopy().put("email", "Moved@Example.com"))
        .status()).isEqualTo(200);
    assertThat(api.delete("/orders/" + first.get("id").asText()).status()).isEqualTo(200);

    ObjectNode ada = createViaApi(Orders.minimal());
    ObjectNode moved = createViaApi(Orders.minimal().put("email", "moved@example.com"));

    assertThat(ada.get("email_count").asText()).as("the deleted and the changed order no longer count").isEqualTo("1");
    assertThat(moved.get("email_count").asText()).as("the changed order counts under its new address")
        .isEqualTo("2");
  }

  @Test
  void createdOrderIsStoredAsAnswered() {
    ObjectNode order = createViaApi(Orders.minimal());

    assertThat(sandbox.order(STORE, order.get("id").asText())).contains(order);
  }

  @Test
  void wronglyTypedFieldsAreRejectedNotStored() {
    ObjectNode body = Orders.minimal();
    body.put("order_items", "three mugs");

    ApiClient.Reply reply = api.post("/orders", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).isEqualTo("order_items must be an array");
    assertThat(api.post("/orders", Orders.minimal().put("tax_total", "lots")).status()).isEqualTo(400);
    assertThat(api.get("/orders").json().get("total_records").asInt()).isZero();
  }

  @Test
  void javaApiCreatesWithTheSameRules() {
    ObjectNode order = sandbox.createOrder(STORE, Orders.minimal());

    assertThat(order.get("payment_status").asText()).isEqualTo("Captured");
    assertThat(api.get("/orders/" + order.get("id").asText()).order()).isEqualTo(order);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.createOrder(STORE, Json.object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("order_items");
  }
}
