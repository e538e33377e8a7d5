package com.orderdeskmcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void neverPrintsKeys() {
    SandboxCommandLine line = SandboxCommandLine.parse(new String[] {"--store", "1001:topsecret"});

    assertThat(line.toString()).doesNotContain("topsecret");
  }
}
