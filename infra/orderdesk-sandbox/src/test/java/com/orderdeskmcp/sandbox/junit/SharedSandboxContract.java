package com.orderdeskmcp.sandbox.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import com.orderdeskmcp.sandbox.support.ApiClient;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every class using {@link SandboxExtension} may rely on. Two subclasses run it; whichever runs
 * second would see the first one's leftovers if the extension did not reset between classes.
 */
@ExtendWith(SandboxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SharedSandboxContract {

  private static final AtomicReference<OrderDeskSandbox> FIRST_SEEN = new AtomicReference<>();

  private final OrderDeskSandbox sandbox;

  SharedSandboxContract(OrderDeskSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @BeforeAll
  static void startsCleanAndShared(OrderDeskSandbox sandbox) {
    FIRST_SEEN.compareAndSet(null, sandbox);
    assertThat(sandbox).isSameAs(FIRST_SEEN.get()).isSameAs(SandboxExtension.sandbox());
    assertThat(sandbox.requests()).isEmpty();
    assertThat(sandbox.faults()).isEmpty();
    assertThat(sandbox.rateLimitEnabled()).isTrue();
  }

  @Test
  @Order(1)
  void theDefaultStoreAnswersWithTheRateLimitOn(OrderDeskSandbox injected) {
    ApiClient.Reply reply = ApiClient.of(injected.baseUrl(), SandboxExtension.STORE_ID, SandboxExtension.API_KEY)
        .get("/test");

    assertThat(injected).isSameAs(sandbox);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("X-Tokens-Remaining")).isNotNull();
  }

  @Test
  @Order(2)
  void leavesStateBehindForTheNextClassToNotSee() {
    sandbox.failNext(RequestMatcher.store("never-used"), 500, 1_000);
    sandbox.setRateLimitEnabled(false);

    assertThat(sandbox.faults()).hasSize(1);
  }
}
