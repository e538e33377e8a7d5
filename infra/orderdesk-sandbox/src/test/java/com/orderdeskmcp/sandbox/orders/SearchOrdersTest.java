package com.orderdeskmcp.sandbox.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SearchOrdersTest extends SandboxTestBase {

  /** Ids of the orders created in setup, oldest first; one hour apart from 09:26:53 UTC on. */
  private final List<String> ids = new ArrayList<>();

  @BeforeEach
  void createOrders() {
    create("a@example.com", "C1", 1, "Order Desk", null);     // 09:26:53
    create("b@example.com", "C2", 2, "Shopify", "SH-2");      // 10:26:53
    create("a@example.com", "C1", 3, "Shopify", "SH-3");      // 11:26:53
    create("c@example.com", "C3", 1, "Amazon", "AMZ-4");      // 12:26:53
    create("b@example.com", "C2", 4, "Order Desk", null);     // 13:26:53
  }

  private void create(String email, String customerId, int folder, String source, String sourceId) {
    ObjectNode body = Orders.minimal().put("email", email).put("customer_id", customerId)
        .put("folder_id", folder).put("source_name", source);
    if (sourceId != null) {
      body.put("source_id", sourceId);
    }
    ids.add(createViaApi(body).get("id").asText());
    clock.advance(Duration.ofHours(1));
  }

  @Test
  void defaultsAreNewestFirstWithLimit50() {
    ApiClient.Reply reply = api.get("/orders");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode json = reply.json();
    assertThat(json.get("status").asText()).isEqualTo("success");
    assertThat(json.get("message").asText()).matches("Execution took \\d+\\.\\d{4} seconds");
    assertThat(json.get("total_records").asInt()).isEqualTo(5);
    assertThat(json.get("records_returned").asInt()).isEqualTo(5);
    assertThat(json.get("offset").asInt()).isZero();
    assertThat(json.get("limit").asInt()).isEqualTo(50);
    assertThat(idsOf(json)).containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
  }

  @Test
  void pagingReportsTheTotalAndThePage() {
    JsonNode json = api.get("/orders?limit=2&offset=1&order=asc").json();

    assertThat(json.get("total_records").asInt()).isEqualTo(5);
    assertThat(json.get("records_returned").asInt()).isEqualTo(2);
    assertThat(json.get("offset").asInt()).isEqualTo(1);
    assertThat(json.get("limit").asInt()).isEqualTo(2);
    assertThat(idsOf(json)).containsExactly(ids.get(1), ids.get(2));
  }

  @Test
  void offsetPastTheEndGivesAnEmptyPage() {
    JsonNode json = api.get("/orders?offset=10").json();

    assertThat(json.get("total_records").asInt()).isEqualTo(5);
    assertThat(json.get("records_returned").asInt()).isZero();
    assertThat(json.get("orders")).isEmpty();
  }

  @Test
  void limitIsClampedTo1Through500() {
    assertThat(api.get("/orders?limit=1000").json().get("limit").asInt()).isEqualTo(500);
    JsonNode one = api.get("/orders?limit=0").json();
    assertThat(one.get("limit").asInt()).isEqualTo(1);
    assertThat(one.get("records_returned").asInt()).isEqualTo(1);
  }

  @Test
  void folderIdTakesACommaList() {
    assertThat(idsOf(api.get("/orders?folder_id=1").json())).containsExactly(ids.get(3), ids.get(0));
    assertThat(idsOf(api.get("/orders?folder_id=2,3&order=ASC").json())).containsExactly(ids.get(1), ids.get(2));
    assertThat(api.get("/orders?folder_id=one").status()).isEqualTo(400);
  }

  @Test
  void folderNameMatchesExactly() {
    assertThat(idsOf(api.get("/orders?folder_name=Archived").json())).containsExactly(ids.get(4));
    assertThat(idsOf(api.get("/orders?folder_name=archived").json())).isEmpty();
  }

  @Test
  void sourceEmailAndCustomerFilters() {
    assertThat(idsOf(api.get("/orders?source_id=SH-3").json())).containsExactly(ids.get(2));
    assertThat(idsOf(api.get("/orders?source_id=" + ids.get(0)).json())).containsExactly(ids.get(0));
    assertThat(idsOf(api.get("/orders?source_name=Shopify").json())).containsExactly(ids.get(2), ids.get(1));
    assertThat(idsOf(api.get("/orders?email=b@example.com").json())).containsExactly(ids.get(4), ids.get(1));
    assertThat(idsOf(api.get("/orders?customer_id=C3").json())).containsExactly(ids.get(3));
  }

  @Test
  void filtersCombineWithAnd() {
    JsonNode json = api.get("/orders?email=a@example.com&source_name=Shopify").json();

    assertThat(idsOf(json)).containsExactly(ids.get(2));
    assertThat(json.get("total_records").asInt()).isEqualTo(1);
  }

  @Test
  void addedDateRangeIsInclusiveAndAcceptsSeveralFormats() {
    String query = "/orders?order=asc&search_start_date=2025-03-14%2010:26:53&search_end_date=2025-03-14T12:26:53Z";
    assertThat(idsOf(api.get(query).json())).containsExactly(ids.get(1), ids.get(2), ids.get(3));
    assertThat(idsOf(api.get("/orders?search_start_date=2025-03-15").json())).isEmpty();
    assertThat(idsOf(api.get("/orders?search_end_date=2025-03-14").json())).hasSize(5);
    assertThat(api.get("/orders?search_start_date=last-week").status()).isEqualTo(400);
  }

  @Test
  void localDateVariantsUseTheStoreTimezone() {
    // 03:26:53 in Los Angeles (PDT, UTC-7) on 2025-03-14 is 10:26:53 UTC.
    String query = "/orders?order=asc&search_start_date_local=2025-03-14%2003:26:53";

    assertThat(idsOf(api.get(query).json())).containsExactly(ids.get(1), ids.get(2), ids.get(3), ids.get(4));
  }

  @Test
  void modifiedDateRangeFiltersOnDateUpdated() {
    sandbox.modifyOrder(STORE, ids.get(0), order -> order.put("shipping_method", "Courier"));
    // The clock stands at 14:26:53 after setup; only the first order was written then.

    JsonNode json = api.get("/orders?modified_start_date=2025-03-14%2014:00:00").json();

    assertThat(idsOf(json)).containsExactly(ids.get(0));
    assertThat(idsOf(api.get("/orders?modified_end_date=2025-03-14%2010:30:00&order=ASC").json()))
        .containsExactly(ids.get(1));
  }

  @Test
  void orderByAnyFieldBothWays() {
    assertThat(idsOf(api.get("/orders?order_by=email&order=ASC").json()))
        .containsExactly(ids.get(0), ids.get(2), ids.get(1), ids.get(4), ids.get(3));
    assertThat(idsOf(api.get("/orders?order_by=folder_id&order=desc").json()))
        .containsExactly(ids.get(4), ids.get(2), ids.get(1), ids.get(3), ids.get(0));
  }

  @Test
  void customerAndShippingAddressFilters() {
    ObjectNode body = Orders.minimal().put("email", "grace@example.com");
    body.putObject("shipping").put("first_name", "Grace").put("last_name", "Hopper").put("company", "US Navy")
        .put("address1", "1 Harbor Way").put("phone", "555-0100");
    body.putObject("customer").put("first_name", "Howard").put("last_name", "Aiken").put("company", "Harvard")
        .put("address1", "29 Oxford St").put("phone", "555-0199");
    String grace = createViaApi(body).get("id").asText();

    for (String query : List.of("shipping_first_name=grace", "shipping_last_name=Hopper", "shipping_company=navy",
        "shipping_address1=Harbor", "shipping_phone=555-0100", "customer_first_name=Howard",
        "customer_last_name=aiken", "customer_company=Harvard", "customer_address1=Oxford",
        "customer_phone=0199")) {
      assertThat(idsOf(api.get("/orders?" + query).json())).as(query).containsExactly(grace);
    }
    assertThat(idsOf(api.get("/orders?shipping_first_name=Howard").json())).isEmpty();
    assertThat(idsOf(api.get("/orders?customer_first_name=Grace").json())).isEmpty();
    assertThat(idsOf(api.get("/orders?shipping_last_name=Lovelace").json())).hasSize(5);
  }

  @Test
  void blankAndUnknownParametersAreIgnored() {
    assertThat(api.get("/orders?email=&status=open&search=ada&folder_id=").json().get("total_records").asInt())
        .isEqualTo(5);
  }

  @Test
  void localDatesFollowEachStoresOwnTimezone() {
    sandbox.addStore(com.orderdeskmcp.sandbox.store.StoreConfig.withDefaults("2002", "key-2002")
        .withTimezone(java.time.ZoneId.of("Asia/Tokyo"))
        .withFolders(new java.util.LinkedHashMap<>(java.util.Map.of(7, "Inbox"))));
    ApiClient tokyo = ApiClient.of(sandbox.baseUrl(), "2002", "key-2002");
    // The clock stands at 14:26:53 UTC after setup: 23:26:53 in Tokyo on 2025-03-14.
    String id = tokyo.post("/orders", Orders.minimal()).order().get("id").asText();

    assertThat(idsOf(tokyo.get("/orders?search_start_date_local=2025-03-14%2023:00:00").json())).containsExactly(id);
    assertThat(idsOf(tokyo.get("/orders?search_start_date_local=2025-03-15").json())).isEmpty();
    assertThat(idsOf(tokyo.get("/orders?search_end_date_local=2025-03-14").json())).containsExactly(id);
    assertThat(idsOf(tokyo.get("/orders?search_start_date=2025-03-14%2014:00:00").json())).containsExactly(id);
    assertThat(idsOf(tokyo.get("/orders?folder_name=Inbox").json())).containsExactly(id);
    assertThat(idsOf(tokyo.get("/orders?folder_id=7").json())).containsExactly(id);
    assertThat(tokyo.get("/orders").json().get("total_records").asInt()).as("stores never mix").isEqualTo(1);
  }

  private static List<String> idsOf(JsonNode searchReply) {
    List<String> result = new ArrayList<>();
    searchReply.get("orders").forEach(order -> result.add(order.get("id").asText()));
    return result;
  }
}
