package com.orderdeskmcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.sandbox.support.ApiClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreEndpointsTest extends SandboxTestBase {

  @Test
  void connectionTestAnswersTheDocumentedPayload() {
    clock.advance(Duration.ofMillis(700));

    ApiClient.Reply reply = api.get("/test");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.json().size()).isEqualTo(3);
    assertThat(reply.json().get("status").asText()).isEqualTo("success");
    assertThat(reply.json().get("message").asText()).isEqualTo("Connection Successful");
    assertThat(reply.json().get("current_date_time").asText()).isEqualTo("2025-03-14 09:26:53");
  }

  @Test
  void connectionTestReportsTheCurrentUtcTimeInTheWireFormat() {
    try (OrderDeskSandbox real = OrderDeskSandbox.start(SandboxOptions.defaults().withoutRateLimit())) {
      real.addStore(STORE, KEY);

      String now = ApiClient.of(real.baseUrl(), STORE, KEY).get("/test").json().get("current_date_time").asText();

      assertThat(now).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    }
  }

  @Test
  void storeListsFoldersAsAnIdToNameMapAndNeverTheKey() {
    ApiClient.Reply reply = api.get("/store");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("execution_time").asText()).matches("\\d+\\.\\d{4} seconds");
    JsonNode store = reply.json().get("store");
    assertThat(store.get("id").asText()).isEqualTo(STORE);
    assertThat(store.get("folders").isObject()).isTrue();
    assertThat(store.get("folders").get("1").asText()).isEqualTo("New");
    assertThat(store.get("folders").get("4").asText()).isEqualTo("Archived");
    assertThat(store.get("settings").get("timezone").asText()).isEqualTo("America/Los_Angeles");
    assertThat(reply.raw()).doesNotContain(KEY).doesNotContain("api_key");
  }
}
