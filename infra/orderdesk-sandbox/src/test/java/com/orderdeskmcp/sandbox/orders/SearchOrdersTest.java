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

  private static List<String> idsOf(JsonNode searchReply) {
    List<String> result = new ArrayList<>();
    searchReply.get("orders").forEach(order -> result.add(order.get("id").asText()));
    return result;
  }
}
