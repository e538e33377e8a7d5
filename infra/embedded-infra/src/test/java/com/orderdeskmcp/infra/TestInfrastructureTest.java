package com.orderdeskmcp.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;

class TestInfrastructureTest {

  @Test
  void derivesUrlsOfOtherDatabasesKeepingHostPortAndParameters() {
    TestInfrastructure containers = new TestInfrastructure("localhost:32771",
        "jdbc:postgresql://localhost:32768/test?loggerLevel=OFF", "test", "test");
    assertThat(containers.jdbcUrlOf("other")).isEqualTo("jdbc:postgresql://localhost:32768/other?loggerLevel=OFF");

    TestInfrastructure embedded = new TestInfrastructure("127.0.0.1:1", "jdbc:postgresql://127.0.0.1:5/postgres",
        "postgres", "postgres");
    assertThat(embedded.jdbcUrlOf("x")).isEqualTo("jdbc:postgresql://127.0.0.1:5/x");

    TestInfrastructure noDatabase = new TestInfrastructure("h:1", "jdbc:postgresql://h:5?sslrootcert=/a/b", "u", "p");
    assertThat(noDatabase.jdbcUrlOf("x")).isEqualTo("jdbc:postgresql://h:5/x?sslrootcert=/a/b");
  }

  @Test
  void rejectsNonPostgresUrls() {
    assertThatThrownBy(() -> new TestInfrastructure("h:1", "jdbc:h2:mem:x", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dockerDetectionIsQuickAndQuietWithoutAnEngine() {
    assumeFalse(InfrastructureExtension.dockerHintPresent(), "this machine shows signs of a Docker engine");
    long started = System.nanoTime();
    assertThat(InfrastructureExtension.dockerAvailable()).isFalse();
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(100);
  }
}
