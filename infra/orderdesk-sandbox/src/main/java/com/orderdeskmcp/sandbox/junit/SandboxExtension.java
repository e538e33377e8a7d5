package com.orderdeskmcp.sandbox.junit;

import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one JUnit 5 extension for the OrderDesk sandbox: a single sandbox per test JVM, shared by every
 * test class that uses it, and closed when the whole run ends (it lives in the JUnit root store).
 *
 * <p>Usage: {@code @ExtendWith(SandboxExtension.class)} on the test class, then an
 * {@link OrderDeskSandbox} parameter (constructor, lifecycle or test method), or
 * {@link #sandbox() SandboxExtension.sandbox()} from static contexts such as a
 * {@code @DynamicPropertySource} method.
 *
 * <ul>
 *   <li>It starts with OrderDesk's rate limit on and the store {@value #STORE_ID} (key
 *       {@value #API_KEY}); add more stores as needed.
 *   <li>Before each top-level test class it calls {@link OrderDeskSandbox#reset()}: faults, outside writes, the
 *       request log, statistics and webhooks are cleared and the rate limit restored. Stores, orders
 *       and inventory stay, so a class should use its own store ids or the ids it created, rather than
 *       assume an empty store.
 *   <li>A class that needs its own clock or port should start its own sandbox instead.
 * </ul>
 */
public final class SandboxExtension implements BeforeAllCallback, ParameterResolver {

  public static final String STORE_ID = "1001";
  public static final String API_KEY = "sandbox-key-1001";

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SandboxExtension.class);
  private static final ReentrantLock LOCK = new ReentrantLock();

  /** Guarded by {@link #LOCK}. */
  private static Shared shared;

  @Override
  public void beforeAll(ExtensionContext context) {
    OrderDeskSandbox sandbox = adopt(context).sandbox();
    // A @Nested class shares its enclosing class's state; only a top-level class starts afresh.
    boolean nested = context.getParent().flatMap(ExtensionContext::getTestClass).isPresent();
    if (!nested) {
      sandbox.reset();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == OrderDeskSandbox.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return adopt(extensionContext).sandbox();
  }

  /**
   * The shared sandbox, started now if needed. When called before any test class's {@code beforeAll}
   * the extension still takes ownership at the first one and closes it at the end of the run.
   */
  public static OrderDeskSandbox sandbox() {
    return running().sandbox();
  }

  private static Shared adopt(ExtensionContext context) {
    Shared current = running();
    // Keyed by the instance: the root store closes it once, at the end of the test run.
    context.getRoot().getStore(NAMESPACE).computeIfAbsent(current, key -> current, Shared.class);
    return current;
  }

  private static Shared running() {
    LOCK.lock();
    try {
      if (shared == null) {
        OrderDeskSandbox sandbox = OrderDeskSandbox.start(SandboxOptions.defaults());
        sandbox.addStore(STORE_ID, API_KEY);
        shared = new Shared(sandbox);
      }
      return shared;
    } finally {
      LOCK.unlock();
    }
  }

  /** The sandbox as a resource of the JUnit root store. */
  @SuppressWarnings("deprecation") // CloseableResource: still honoured when auto-closing of AutoCloseable is off
  private record Shared(OrderDeskSandbox sandbox) implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    @Override
    public void close() {
      LOCK.lock();
      try {
        if (shared == this) {
          shared = null;
        }
      } finally {
        LOCK.unlock();
      }
      sandbox.close();
    }
  }
}
