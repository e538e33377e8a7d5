package com.orderdeskmcp.sandbox.shipments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.SandboxTestBase;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.Json;
import com.orderdeskmcp.sandbox.support.Orders;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /orders/{id}/shipments[/{shipmentId}]}. */
class ShipmentsTest extends SandboxTestBase {

  private ObjectNode order;
  private String path;

  @BeforeEach
  void createOrder() {
    order = createViaApi(Orders.minimal());
    path = "/orders/" + order.get("id").asText() + "/shipments";
    clock.advance(Duration.ofHours(2));
  }

  @Test
  void addAnswersStatusMessageAndExecutionTimeButNoId() {
    ApiClient.Reply reply = api.post(path, shipment("1Z999AA10123456784", "UPS"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly("status", "message", "execution_time");
    assertThat(reply.json().get("message").asText()).isEqualTo("Shipment Added");
  }

  @Test
  void storedShipmentsAreAllStringsWithTheServerFieldsSet() {
    api.post(path, shipment("1Z999AA10123456784", "UPS").put("weight", 1.5).put("cost", 11.17));

    JsonNode shipment = only();
    shipment.properties().forEach(field ->
        assertThat(field.getValue().isTextual()).as(field.getKey() + " is a string").isTrue());
    assertThat(shipment.get("order_id").asText()).isEqualTo(order.get("id").asText());
    assertThat(shipment.get("store_id").asText()).isEqualTo(STORE);
    assertThat(shipment.get("weight").asText()).isEqualTo("1.5");
    assertThat(shipment.get("cost").asText()).isEqualTo("11.17");
    assertThat(shipment.get("print_status").asText()).isEqualTo("0");
    assertThat(shipment.get("date_shipped").asText()).isEqualTo("2025-03-14");
    assertThat(shipment.get("date_added").asText()).isEqualTo("2025-03-14 11:26:53");
    assertThat(sandbox.order(STORE, order.get("id").asText()).orElseThrow().get("date_updated").asText())
        .isEqualTo("2025-03-14 11:26:53");
  }

  @Test
  void aDuplicateTrackingNumberIsRefusedWithTheDocumentedBody() {
    api.post(path, shipment("9400111899223856928497", "USPS"));

    ApiClient.Reply duplicate = api.post(path, shipment("9400111899223856928497", "USPS"));

    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.json().get("status").asText()).isEqualTo("error");
    assertThat(duplicate.json().get("message").asText()).isEqualTo("Shipment Not Added");
    assertThat(duplicate.json().get("execution_time").asText()).endsWith(" seconds");
    assertThat(api.get(path).json().get("total_records").asInt()).isEqualTo(1);
  }

  @Test
  void notApplicableTrackingNeverClashes() {
    assertThat(api.post(path, shipment("n/a", "")).status()).isEqualTo(200);
    assertThat(api.post(path, shipment("N/A", "")).status()).isEqualTo(200);
    assertThat(api.get(path).json().get("shipments").get(0).get("tracking_url").asText()).isEmpty();
  }

  @Test
  void theSameTrackingNumberOnAnotherOrderIsFine() {
    String other = createViaApi(Orders.minimal()).get("id").asText();
    api.post(path, shipment("123456789012", "FedEx"));

    assertThat(api.post("/orders/" + other + "/shipments", shipment("123456789012", "FedEx")).status())
        .isEqualTo(200);
  }

  @Test
  void trackingUrlIsDerivedWhenAbsentAndKeptWhenGiven() {
    api.post(path, shipment("1Z999AA10123456784", ""));
    api.post(path, shipment("9400111899223856928497", "USPS"));
    api.post(path, shipment("ABC", "Acme").put("tracking_url", "https://acme.example/track/ABC"));

    JsonNode shipments = api.get(path).json().get("shipments");

    assertThat(shipments.get(0).get("tracking_url").asText())
        .isEqualTo("https://www.ups.com/track?tracknum=1Z999AA10123456784");
    assertThat(shipments.get(1).get("tracking_url").asText())
        .isEqualTo("https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223856928497");
    assertThat(shipments.get(2).get("tracking_url").asText()).isEqualTo("https://acme.example/track/ABC");
  }

  @Test
  void listAndGetUseTheExecutionTimeEnvelope() {
    api.post(path, shipment("1Z999AA10123456784", "UPS"));
    String id = only().get("id").asText();

    JsonNode list = api.get(path).json();
    ApiClient.Reply one = api.get(path + "/" + id);

    assertThat(list.properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly("status", "execution_time", "total_records", "shipments");
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().get("shipment").get("id").asText()).isEqualTo(id);
    assertThat(api.get(path + "/1").status()).isEqualTo(404);
  }

  @Test
  void updateReplacesTheShipmentAndKeepsItsIdAndDateAdded() {
    api.post(path, shipment("1Z999AA10123456784", "UPS").put("shipment_method", "UPS Ground"));
    JsonNode before = only();
    clock.advance(Duration.ofMinutes(1));

    ApiClient.Reply reply = api.put(path + "/" + before.get("id").asText(), shipment("1Z999AA10123456785", "UPS"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("message").asText()).isEqualTo("Shipment Updated");
    JsonNode after = only();
    assertThat(after.get("id")).isEqualTo(before.get("id"));
    assertThat(after.get("date_added")).isEqualTo(before.get("date_added"));
    assertThat(after.get("tracking_number").asText()).isEqualTo("1Z999AA10123456785");
    assertThat(after.get("tracking_url").asText()).endsWith("1Z999AA10123456785");
    assertThat(after.get("shipment_method").asText()).as("omitted, so blanked").isEmpty();
  }

  @Test
  void updateToAnotherShipmentsTrackingNumberIsRefused() {
    api.post(path, shipment("111111111111", "FedEx"));
    api.post(path, shipment("222222222222", "FedEx"));
    String second = api.get(path).json().get("shipments").get(1).get("id").asText();

    ApiClient.Reply reply = api.put(path + "/" + second, shipment("111111111111", "FedEx"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).isEqualTo("Shipment Not Updated");
    assertThat(api.put(path + "/" + second, shipment("222222222222", "DHL")).status()).isEqualTo(200);
  }

  @Test
  void deleteAnswersTheDocumentedMessage() {
    api.post(path, shipment("1Z999AA10123456784", "UPS"));
    String id = only().get("id").asText();

    ApiClient.Reply reply = api.delete(path + "/" + id);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("message").asText()).isEqualTo("Shipment " + id + " Deleted");
    assertThat(reply.json().get("execution_time").asText()).endsWith(" seconds");
    assertThat(api.get(path).json().get("shipments")).isEmpty();
    assertThat(api.delete(path + "/" + id).status()).isEqualTo(404);
  }

  @Test
  void validationErrors() {
    assertThat(api.post(path, "{\"carrier_code\":\"UPS\"}").status()).isEqualTo(400);
    assertThat(api.post(path, "{\"tracking_number\":").status()).isEqualTo(400);
    assertThat(api.post("/orders/1/shipments", shipment("1Z999AA10123456784", "UPS")).status()).isEqualTo(404);
  }

  @Test
  void shipmentsInAnOrderReplacementAreIgnored() {
    api.post(path, shipment("1Z999AA10123456784", "UPS"));
    ObjectNode body = api.get("/orders/" + order.get("id").asText()).order();
    body.putArray("order_shipments");

    ApiClient.Reply replaced = api.put("/orders/" + order.get("id").asText(), body);

    assertThat(replaced.order().get("order_shipments")).hasSize(1);
  }

  private JsonNode only() {
    JsonNode shipments = api.get(path).json().get("shipments");
    assertThat(shipments).hasSize(1);
    return shipments.get(0);
  }

  static ObjectNode shipment(String tracking, String carrier) {
    return Json.object().put("tracking_number", tracking).put("carrier_code", carrier);
  }
}
