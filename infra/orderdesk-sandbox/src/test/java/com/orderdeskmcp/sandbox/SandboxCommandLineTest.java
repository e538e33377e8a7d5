package com.orderdeskmcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orderdeskmcp.sandbox.store.StoreConfig;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxCommandLineTest {

  @Test
  void parsesEveryOption() {
    SandboxCommandLine line = SandboxCommandLine.parse(new String[] {
        "--port", "8089", "--store", "1001:secretkey", "--store", "2002:k:with:colons", "--seed", "40",
        "--no-rate-limit"});

    assertThat(line.port()).isEqualTo(8089);
    assertThat(line.stores()).containsExactly(
        new SandboxCommandLine.Store("1001", "secretkey"), new SandboxCommandLine.Store("2002", "k:with:colons"));
    assertThat(line.seedOrders()).isEqualTo(40);
    assertThat(line.rateLimit()).isFalse();
  }

  @Test
  void defaultsToPort8089WithTheRateLimitOnAndNoSeed() {
    SandboxCommandLine line = SandboxCommandLine.parse(new String[] {"--store", "1:k"});

    assertThat(line.port()).isEqualTo(8089);
    assertThat(line.rateLimit()).isTrue();
    assertThat(line.seedOrders()).isZero();
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> SandboxCommandLine.parse(new String[] {})).hasMessageContaining("--store");
    assertThatThrownBy(() -> SandboxCommandLine.parse(new String[] {"--store", "nokey"}))
        .hasMessageContaining("ID:KEY");
    assertThatThrownBy(() -> SandboxCommandLine.parse(new String[] {"--store", "1:k", "--port"}))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> SandboxCommandLine.parse(new String[] {"--store", "1:k", "--seed", "many"}))
        .hasMessageContaining("number");
    assertThatThrownBy(() -> SandboxCommandLine.parse(new String[] {"--store", "1:k", "--verbose"}))
        .hasMessageContaining("--verbose");
  }

  @Test
  void perStoreSettingsAndServerOptions() {
    SandboxCommandLine line = SandboxCommandLine.parse(new String[] {
        "--store", "1001:a", "--store", "2002:b", "--store-timezone", "2002=Europe/Berlin",
        "--store-folders", "2002=21654:New,21655:Closed", "--bind", "0.0.0.0", "--burst", "5",
        "--refill-per-second", "0.5", "--control-token", "tok"});

    List<StoreConfig> stores = line.storeConfigs();
    assertThat(stores.get(0).timezone()).isEqualTo(StoreConfig.DEFAULT_TIMEZONE);
    assertThat(stores.get(0).folders()).isEqualTo(StoreConfig.DEFAULT_FOLDERS);
    assertThat(stores.get(1).timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(stores.get(1).folders()).containsExactly(Map.entry(21654, "New"), Map.entry(21655, "Closed"));
    SandboxOptions options = line.options();
    assertThat(options.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(options.burst()).isEqualTo(5);
    assertThat(options.refillPerSecond()).isEqualTo(0.5);
    assertThat(options.controlToken()).isEqualTo("tok");
    assertThat(line.toString()).doesNotContain("tok");
  }

  @Test
  void defaultsListenOnLoopbackWithARandomControlToken() {
    SandboxOptions options = SandboxCommandLine.parse(new String[] {"--store", "1:k"}).options();

    assertThat(options.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(options.controlToken()).isNull();
    assertThat(options.rateLimitEnabled()).isTrue();
  }

  @Test
  void rejectsBadStoreSettings() {
    assertThatThrownBy(() -> SandboxCommandLine.parse(new String[] {"--store", "1:k", "--store-timezone", "1=Mars/Base"}))
        .hasMessageContaining("Mars/Base");
    assertThatThrownBy(() -> SandboxCommandLine.parse(new String[] {"--store", "1:k", "--store-timezone", "2=UTC"}))
        .hasMessageContaining("--store 2:KEY");
    assertThatThrownBy(() -> SandboxCommandLine.parse(new String[] {"--store", "1:k", "--store-folders", "1=New"}))
        .hasMessageContaining("FOLDER_ID:NAME");
  }

  @Test
  void theStandaloneSandboxServesWhatTheCommandLineSays() {
    SandboxCommandLine line = SandboxCommandLine.parse(new String[] {"--port", "0", "--store", "1001:k",
        "--store-timezone", "1001=Europe/Paris", "--no-rate-limit"});
    try (OrderDeskSandbox sandbox = OrderDeskSandbox.start(line.options())) {
      line.storeConfigs().forEach(sandbox::addStore);

      var reply = com.orderdeskmcp.sandbox.support.ApiClient.of(sandbox.baseUrl(), "1001", "k").get("/store");

      assertThat(sandbox.baseUrl()).startsWith("http://127.0.0.1:");
      assertThat(reply.json().get("store").get("settings").get("timezone").asText()).isEqualTo("Europe/Paris");
      assertThat(reply.header("X-Tokens-Remaining")).isNull();
    }
  }

  @Test
  void neverPrintsKeys() {
    SandboxCommandLine line = SandboxCommandLine.parse(new String[] {"--store", "1001:topsecret"});

    assertThat(line.toString()).doesNotContain("topsecret");
  }
}
