package com.orderdeskmcp.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.sandbox.support.ApiClient;
import com.orderdeskmcp.sandbox.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh sandbox per test, with one store and a hand-driven clock; the rate limit is off unless a
 * test class turns it on through {@link #options()}.
 */
public abstract class SandboxTestBase {

  protected static final String STORE = "1001";
  protected static final String KEY = "secret-key-1001";

  protected final MutableClock clock = MutableClock.at("2025-03-14T09:26:53Z");
  protected OrderDeskSandbox sandbox;
  protected ApiClient api;
  protected ApiClient control;

  protected SandboxOptions options() {
    return SandboxOptions.defaults().withoutRateLimit().withClock(clock);
  }

  @BeforeEach
  void startSandbox() {
    sandbox = OrderDeskSandbox.start(options());
    sandbox.addStore(STORE, KEY);
    api = ApiClient.of(sandbox.baseUrl(), STORE, KEY);
    control = ApiClient.control(sandbox.controlUrl(), sandbox.controlToken());
  }

  @AfterEach
  void stopSandbox() {
    sandbox.close();
  }

  /** Creates an order over HTTP and returns it as the API answered. */
  protected ObjectNode createViaApi(ObjectNode body) {
    ApiClient.Reply reply = api.post("/orders", body);
    if (reply.status() != 200) {
      throw new AssertionError("create failed: " + reply.status() + " " + reply.raw());
    }
    return reply.order();
  }
}
