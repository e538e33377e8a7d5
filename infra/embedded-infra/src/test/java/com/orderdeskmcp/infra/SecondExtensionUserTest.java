package com.orderdeskmcp.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A second test class: it must get the very same infrastructure (started once per JVM). */
@ExtendWith(InfrastructureExtension.class)
class SecondExtensionUserTest {

  private static TestInfrastructure fromBeforeAll;

  @BeforeAll
  static void remember(TestInfrastructure infra) {
    fromBeforeAll = infra;
  }

  @Test
  void sharesTheInfrastructure(TestInfrastructure infra) {
    assertThat(infra).isSameAs(fromBeforeAll).isSameAs(InfrastructureExtension.get());
  }
}
