package com.orderdeskmcp.sandbox.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Orders;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /move-orders}. */
class MoveOrdersTest extends SandboxTestBase {

  private String first;
  private String second;

  @BeforeEach
  void createOrders() {
    first = createViaApi(Orders.minimal()).get("id").asText();
    second = createViaApi(Orders.minimal().put("folder_id", 3)).get("id").asText();
    clock.advance(Duration.ofMinutes(10));
  }

  @Test
  void moveByFolderIdAnswersTheDocumentedShape() {
    ApiClient.Reply reply = api.post("/move-orders",
        "{\"order_id_list\":[" + first + "," + second + "],\"destination_folder_id\":2}");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode json = reply.json();
    assertThat(json.get("status").asText()).isEqualTo("success");
    assertThat(json.get("message").asText()).isEqualTo("2 Orders Moved");
    assertThat(json.get("execution_time").asText()).endsWith(" seconds");
    JsonNode results = json.get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("order_id").isIntegralNumber()).isTrue();
    assertThat(results.get(0).get("order_id").asText()).isEqualTo(first);
    assertThat(results.get(0).get("message").asText()).isEqualTo("Order Moved to Prepared Folder");
    assertThat(results.get(0).get("original_folder_id").isInt()).isTrue();
    assertThat(results.get(0).get("original_folder_id").asInt()).isEqualTo(1);
    assertThat(results.get(1).get("original_folder_id").asInt()).isEqualTo(3);
    assertThat(folderOf(first)).isEqualTo(2);
    assertThat(folderOf(second)).isEqualTo(2);
  }

  @Test
  void moveByExactFolderNameWithStringIds() {
    ApiClient.Reply reply = api.post("/move-orders",
        "{\"order_id_list\":[\"" + first + "\"],\"destination_folder_name\":\"Archived\"}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("message").asText()).isEqualTo("1 Order Moved");
    assertThat(folderOf(first)).isEqualTo(4);
    assertThat(api.post("/move-orders", "{\"order_id_list\":[" + first + "],\"destination_folder_name\":\"archived\"}")
        .status()).isEqualTo(400);
  }

  @Test
  void aMoveWritesHistoryAndBumpsTheUpdateTime() {
    api.post("/move-orders", "{\"order_id_list\":[" + first + "],\"destination_folder_id\":3}");

    assertThat(sandbox.orderHistory(STORE, first)).singleElement().satisfies(entry -> {
      assertThat(entry.get("note").asText()).isEqualTo("Order moved from New to Shipped");
      assertThat(entry.get("date_added").asText()).isEqualTo("2025-03-14 09:36:53");
    });
    assertThat(sandbox.order(STORE, first).orElseThrow().get("date_updated").asText())
        .isEqualTo("2025-03-14 09:36:53");
  }

  @Test
  void movingToTheCurrentFolderChangesNothing() {
    String before = sandbox.order(STORE, second).orElseThrow().toString();

    ApiClient.Reply reply = api.post("/move-orders", "{\"order_id_list\":[" + second + "],\"destination_folder_id\":3}");

    assertThat(reply.json().get("results").get(0).get("original_folder_id").asInt()).isEqualTo(3);
    assertThat(sandbox.order(STORE, second).orElseThrow().toString()).isEqualTo(before);
    assertThat(sandbox.orderHistory(STORE, second)).isEmpty();
  }

  @Test
  void unknownOrdersGetAnErrorResultWhileTheOthersMove() {
    JsonNode json = api.post("/move-orders",
        "{\"order_id_list\":[" + first + ",1],\"destination_folder_id\":2}").json();

    assertThat(json.get("message").asText()).isEqualTo("1 Order Moved");
    assertThat(json.get("results").get(1).get("status").asText()).isEqualTo("error");
    assertThat(json.get("results").get(1).has("original_folder_id")).isFalse();
    assertThat(folderOf(first)).isEqualTo(2);
  }

  @Test
  void badRequests() {
    String both = "{\"order_id_list\":[" + first + "],\"destination_folder_id\":2,\"destination_folder_name\":\"New\"}";
    assertThat(api.post("/move-orders", both).status()).isEqualTo(400);
    assertThat(api.post("/move-orders", "{\"order_id_list\":[" + first + "]}").status()).isEqualTo(400);
    assertThat(api.post("/move-orders", "{\"order_id_list\":[],\"destination_folder_id\":2}").status()).isEqualTo(400);
    assertThat(api.post("/move-orders", "{\"destination_folder_id\":2}").status()).isEqualTo(400);
    ApiClient.Reply unknownFolder = api.post("/move-orders", "{\"order_id_list\":[" + first + "],\"destination_folder_id\":99}");
    assertThat(unknownFolder.status()).isEqualTo(400);
    assertThat(unknownFolder.json().get("status").asText()).isEqualTo("error");
    assertThat(folderOf(first)).isEqualTo(1);
  }

  @Test
  void aReplacementKeepsTheFolder() {
    api.post("/move-orders", "{\"order_id_list\":[" + first + "],\"destination_folder_id\":2}");
    var body = api.get("/orders/" + first).order().put("folder_id", 4);

    assertThat(api.put("/orders/" + first, body).order().get("folder_id").asInt()).isEqualTo(2);
  }

  private int folderOf(String id) {
    return sandbox.order(STORE, id).orElseThrow().get("folder_id").asInt();
  }
}
