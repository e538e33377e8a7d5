package com.orderdeskmcp.sandbox.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code /inventory-items[/{id}]} and {@code PUT /batch-inventory-items}. */
class InventoryItemsTest extends SandboxTestBase {

  @Test
  void createAnswersWithoutTheNewId() {
    ApiClient.Reply reply = api.post("/inventory-items", item("MUG-12OZ", "Mug"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly("status", "message", "execution_time");
    assertThat(reply.json().get("message").asText()).isEqualTo("Inventory Item Added");
    assertThat(sandbox.inventoryItems(STORE)).hasSize(1);
  }

  @Test
  void listHasAStringTotalAndAnIntCount() {
    api.post("/inventory-items", item("A", "Alpha"));
    api.post("/inventory-items", item("B", "Beta"));

    JsonNode json = api.get("/inventory-items").json();

    assertThat(json.properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly("status", "execution_time", "records_returned", "total_records", "inventory_items");
    assertThat(json.get("total_records").isTextual()).isTrue();
    assertThat(json.get("total_records").asText()).isEqualTo("2");
    assertThat(json.get("records_returned").isInt()).isTrue();
    assertThat(json.get("records_returned").asInt()).isEqualTo(2);
    JsonNode first = json.get("inventory_items").get(0);
    assertThat(first.get("id").isInt()).as("inventory ids are numbers").isTrue();
    assertThat(first.get("code").asText()).isEqualTo("A");
  }

  @Test
  void codeFilterTakesACommaList() {
    api.post("/inventory-items", item("A", "Alpha"));
    api.post("/inventory-items", item("B", "Beta"));
    api.post("/inventory-items", item("C", "Gamma"));

    JsonNode json = api.get("/inventory-items?code=A,C").json();

    assertThat(json.get("inventory_items")).extracting(i -> i.get("code").asText()).containsExactly("A", "C");
    assertThat(json.get("total_records").asText()).isEqualTo("2");
    assertThat(api.get("/inventory-items?code=Z").json().get("inventory_items")).isEmpty();
    assertThat(api.get("/inventory-items?limit=1&offset=1").json().get("inventory_items"))
        .extracting(i -> i.get("code").asText()).containsExactly("B");
  }

  @Test
  void getOne() {
    api.post("/inventory-items", item("A", "Alpha").put("stock", 7).put("price", "9.50"));
    int id = sandbox.inventoryItems(STORE).getFirst().get("id").asInt();

    ApiClient.Reply reply = api.get("/inventory-items/" + id);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("records_returned").asInt()).isEqualTo(1);
    JsonNode stored = reply.json().get("inventory_item");
    assertThat(stored.get("stock").asInt()).isEqualTo(7);
    assertThat(stored.get("price").decimalValue()).isEqualByComparingTo("9.50");
    assertThat(stored.get("update_source").asText()).isEqualTo("API");
    assertThat(stored.get("date_added").asText()).isEqualTo("2025-03-14 09:26:53");
    assertThat(api.get("/inventory-items/999999").status()).isEqualTo(404);
    assertThat(api.get("/inventory-items/abc").status()).isEqualTo(404);
  }

  @Test
  void putReplacesTheWholeItem() {
    api.post("/inventory-items", item("A", "Alpha").put("stock", 7).put("location", "Warehouse A")
        .put("price", "9.50"));
    int id = sandbox.inventoryItems(STORE).getFirst().get("id").asInt();
    clock.advance(Duration.ofMinutes(1));

    ApiClient.Reply reply = api.put("/inventory-items/" + id, item("A", "Alpha v2").put("stock", 3));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("message").asText()).isEqualTo("Inventory Item Updated");
    ObjectNode stored = sandbox.inventoryItem(STORE, id).orElseThrow();
    assertThat(stored.get("name").asText()).isEqualTo("Alpha v2");
    assertThat(stored.get("stock").asInt()).isEqualTo(3);
    assertThat(stored.get("location").asText()).as("omitted, so blanked").isEmpty();
    assertThat(stored.get("price").decimalValue()).as("omitted, so zero").isEqualByComparingTo("0");
    assertThat(stored.get("date_added").asText()).isEqualTo("2025-03-14 09:26:53");
    assertThat(stored.get("date_updated").asText()).isEqualTo("2025-03-14 09:27:53");
  }

  @Test
  void nameAndCodeAreRequiredAndCodesAreUnique() {
    api.post("/inventory-items", item("A", "Alpha"));
    int id = sandbox.inventoryItems(STORE).getFirst().get("id").asInt();
    api.post("/inventory-items", item("B", "Beta"));

    assertThat(api.post("/inventory-items", "{\"name\":\"No code\"}").status()).isEqualTo(400);
    assertThat(api.post("/inventory-items", "{\"code\":\"NONAME\"}").status()).isEqualTo(400);
    ApiClient.Reply duplicate = api.post("/inventory-items", item("A", "Again"));
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.json().get("status").asText()).isEqualTo("error");
    assertThat(api.put("/inventory-items/" + id, item("B", "Clash")).status()).isEqualTo(400);
    assertThat(api.put("/inventory-items/" + id, "{\"code\":\"A\"}").status()).isEqualTo(400);
    assertThat(sandbox.inventoryItems(STORE)).hasSize(2);
  }

  @Test
  void deleteAnswersTheDocumentedMessage() {
    api.post("/inventory-items", item("A", "Alpha"));
    int id = sandbox.inventoryItems(STORE).getFirst().get("id").asInt();

    ApiClient.Reply reply = api.delete("/inventory-items/" + id);

    assertThat(reply.json().get("message").asText()).isEqualTo("Inventory Item " + id + " Deleted");
    assertThat(reply.json().get("execution_time").asText()).endsWith(" seconds");
    assertThat(api.delete("/inventory-items/" + id).status()).isEqualTo(404);
  }

  @Test
  void batchTakesABareArrayAndIsAllOrNothing() {
    api.post("/inventory-items", item("A", "Alpha").put("stock", 1));
    int id = sandbox.inventoryItems(STORE).getFirst().get("id").asInt();

    ApiClient.Reply reply = api.put("/batch-inventory-items",
        "[{\"id\":" + id + ",\"code\":\"A\",\"name\":\"Alpha\",\"stock\":40},{\"code\":\"N\",\"name\":\"New\"}]");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("status").asText()).isEqualTo("success");
    assertThat(sandbox.inventoryItem(STORE, id).orElseThrow().get("stock").asInt()).isEqualTo(40);
    assertThat(sandbox.inventoryItems(STORE)).extracting(i -> i.get("code").asText()).containsExactly("A", "N");

    ApiClient.Reply bad = api.put("/batch-inventory-items",
        "[{\"id\":" + id + ",\"code\":\"A\",\"name\":\"Alpha\",\"stock\":0},{\"id\":999999,\"code\":\"X\",\"name\":\"X\"}]");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("message").asText()).startsWith("Item 1:");
    assertThat(sandbox.inventoryItem(STORE, id).orElseThrow().get("stock").asInt()).isEqualTo(40);
    assertThat(api.put("/batch-inventory-items", "{\"items\":[]}").status()).isEqualTo(400);
    assertThat(api.post("/batch-inventory-items", "[]").status()).isEqualTo(405);
  }

  @Test
  void emptyKeyValueListsAreArraysOnTheWire() {
    api.post("/inventory-items", item("A", "Alpha"));
    api.post("/inventory-items", item("B", "Beta").set("metadata", Json.object().put("bin", "4")));

    JsonNode items = api.get("/inventory-items").json().get("inventory_items");

    assertThat(items.get(0).get("metadata").isArray()).isTrue();
    assertThat(items.get(1).get("metadata").get("bin").asText()).isEqualTo("4");
  }

  @Test
  void eachStoreHasItsOwnInventory() {
    sandbox.addStore("2002", "key-2002");
    api.post("/inventory-items", item("A", "Alpha"));

    ApiClient other = ApiClient.of(sandbox.baseUrl(), "2002", "key-2002");

    assertThat(other.get("/inventory-items").json().get("total_records").asText()).isEqualTo("0");
    assertThat(other.post("/inventory-items", item("A", "Alpha elsewhere")).status()).isEqualTo(200);
  }

  private static ObjectNode item(String code, String name) {
    return Json.object().put("code", code).put("name", name);
  }
}
