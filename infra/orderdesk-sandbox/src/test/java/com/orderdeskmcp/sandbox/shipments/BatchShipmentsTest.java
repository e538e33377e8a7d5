package com.orderdeskmcp.sandbox.shipments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Orders;
import org.junit.jupiter.api.Test;

/** {@code POST /batch-shipments}: a bare array in, per-item results in a 200. */
class BatchShipmentsTest extends SandboxTestBase {

  @Test
  void eachEntryGetsItsOwnResultInInputOrder() {
    String first = createViaApi(Orders.minimal()).get("id").asText();
    String second = createViaApi(Orders.minimal()).get("id").asText();
    api.post("/orders/" + second + "/shipments", ShipmentsTest.shipment("222222222222", "FedEx"));
    ArrayNode batch = Json.array();
    batch.add(ShipmentsTest.shipment("1Z999AA10123456784", "UPS").put("order_id", first));
    batch.add(ShipmentsTest.shipment("222222222222", "FedEx").put("order_id", second));
    batch.add(ShipmentsTest.shipment("333333333333", "FedEx").put("order_id", "1"));
    batch.add(Json.object().put("order_id", first));
    batch.add(ShipmentsTest.shipment("444444444444", "FedEx").put("order_id", Long.parseLong(second)));

    ApiClient.Reply reply = api.post("/batch-shipments", batch);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("status").asText()).isEqualTo("success");
    assertThat(reply.json().get("execution_time").asText()).endsWith(" seconds");
    JsonNode results = reply.json().get("results");
    assertThat(results).hasSize(5);
    assertThat(results).extracting(r -> r.get("status").asText())
        .containsExactly("success", "error", "error", "error", "success");
    assertThat(results.get(0).get("message").asText()).isEqualTo("Shipment Added");
    assertThat(results.get(1).get("message").asText()).isEqualTo("Shipment Not Added");
    assertThat(results.get(2).get("message").asText()).contains("not found");
    assertThat(results.get(3).get("message").asText()).contains("tracking_number");
    assertThat(api.get("/orders/" + first + "/shipments").json().get("total_records").asInt()).isEqualTo(1);
    assertThat(api.get("/orders/" + second + "/shipments").json().get("total_records").asInt()).isEqualTo(2);
  }

  @Test
  void theBodyMustBeABareArray() {
    String id = createViaApi(Orders.minimal()).get("id").asText();
    String wrapped = "{\"shipments\":[{\"order_id\":\"" + id + "\",\"tracking_number\":\"1Z999AA10123456784\"}]}";

    ApiClient.Reply reply = api.post("/batch-shipments", wrapped);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("status").asText()).isEqualTo("error");
    assertThat(reply.json().get("message").asText()).isEqualTo("Request body must be a JSON array");
    assertThat(api.post("/batch-shipments", "[").status()).isEqualTo(400);
    assertThat(api.get("/orders/" + id + "/shipments").json().get("total_records").asInt()).isZero();
  }

  @Test
  void anEmptyBatchIsAnEmptySuccess() {
    ApiClient.Reply reply = api.post("/batch-shipments", "[]");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("results")).isEmpty();
  }

  @Test
  void entriesThatAreNotObjectsFailAlone() {
    String id = createViaApi(Orders.minimal()).get("id").asText();

    JsonNode results = api.post("/batch-shipments",
        "[42, {\"order_id\":\"" + id + "\",\"tracking_number\":\"n/a\"}]").json().get("results");

    assertThat(results).extracting(r -> r.get("status").asText()).containsExactly("error", "success");
  }
}
