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
  void storeListsFoldersAsAnIdToNameMap() {
    ApiClient.Reply reply = api.get("/store");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("execution_time").asText()).matches("\\d+\\.\\d{4} seconds");
    JsonNode store = reply.json().get("store");
    assertThat(store.get("id").asText()).isEqualTo(STORE);
    assertThat(store.get("folders").isObject()).isTrue();
    assertThat(store.get("folders").get("1").asText()).isEqualTo("New");
    assertThat(store.get("folders").get("4").asText()).isEqualTo("Archived");
    assertThat(store.get("settings").get("timezone").asText()).isEqualTo("America/Los_Angeles");
    assertThat(store.get("folders").properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly("1", "2", "3", "4");
  }

  /** The real endpoint leaks them; clients must strip them, and need a sandbox that leaks them to test that. */
  @Test
  void storeEchoesTheApiKeyAndSmtpCredentialsLikeTheRealOne() {
    JsonNode settings = api.get("/store").json().get("store").get("settings");

    assertThat(settings.get("api_key").asText()).isEqualTo(KEY);
    assertThat(settings.get("smtp_password").asText()).isNotBlank();
    assertThat(settings.get("smtp_username").asText()).isNotBlank();
    assertThat(settings.get("smtp_host").asText()).isNotBlank();
    assertThat(settings.get("smtp_port").isTextual()).isTrue();
    assertThat(settings.get("orders_per_page").isInt()).isTrue();
    assertThat(settings.get("shipping_methods").isArray()).isTrue();
  }

  @Test
  void eachStoreHasItsOwnSettingsFoldersAndTimezone() {
    sandbox.addStore(com.orderdeskmcp.sandbox.store.StoreConfig.withDefaults("2002", "key-2002")
        .withName("Berlin Shop")
        .withTimezone(java.time.ZoneId.of("Europe/Berlin"))
        .withFolders(new java.util.LinkedHashMap<>(java.util.Map.of(21654, "New", 21655, "Closed"))));

    JsonNode store = ApiClient.of(sandbox.baseUrl(), "2002", "key-2002").get("/store").json().get("store");

    assertThat(store.get("id").asText()).isEqualTo("2002");
    assertThat(store.get("name").asText()).isEqualTo("Berlin Shop");
    assertThat(store.get("settings").get("timezone").asText()).isEqualTo("Europe/Berlin");
    assertThat(store.get("settings").get("api_key").asText()).isEqualTo("key-2002");
    assertThat(store.get("folders").get("21654").asText()).isEqualTo("New");
    assertThat(store.get("folders").get("21655").asText()).isEqualTo("Closed");
    assertThat(api.get("/store").json().get("store").get("folders").has("21654")).isFalse();
  }
}
