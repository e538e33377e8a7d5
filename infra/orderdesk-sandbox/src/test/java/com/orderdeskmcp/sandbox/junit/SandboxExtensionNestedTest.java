package com.orderdeskmcp.sandbox.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A @Nested class shares its enclosing class's sandbox state: no reset in between. */
@ExtendWith(SandboxExtension.class)
class SandboxExtensionNestedTest {

  @BeforeAll
  static void prepare(OrderDeskSandbox sandbox) {
    sandbox.failNext(RequestMatcher.store("nested-only"), 503, 1);
  }

  @Nested
  class Inner {

    @Test
    void seesWhatTheEnclosingClassPrepared(OrderDeskSandbox sandbox) {
      assertThat(sandbox.faults()).singleElement()
          .satisfies(rule -> assertThat(rule.match().storeId()).isEqualTo("nested-only"));
    }
  }
}
