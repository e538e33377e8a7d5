package com.orderdeskmcp.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one JUnit 5 extension for test infrastructure: a Kafka broker and a PostgreSQL server, started once
 * per test JVM and shared by all test classes.
 *
 * <ul>
 *   <li>Docker engine available: Testcontainers ({@value #DEFAULT_KAFKA_IMAGE}, {@value #DEFAULT_POSTGRES_IMAGE}).
 *   <li>Otherwise: {@link LocalKafka} (in-process KRaft broker) and {@link LocalPostgres} (zonky embedded
 *       PostgreSQL), both on 127.0.0.1.
 * </ul>
 *
 * <p>Override the choice with {@code -D}{@value #MODE_PROPERTY} or the environment variable
 * {@value #MODE_ENV}: {@code auto} (default), {@code embedded} or {@code testcontainers}. The images can be
 * overridden with {@value #KAFKA_IMAGE_PROPERTY} and {@value #POSTGRES_IMAGE_PROPERTY}.
 *
 * <p>Docker detection is cheap when there is no engine: Testcontainers is only asked (which takes about
 * 0.6 s and logs errors when it finds nothing) if {@code DOCKER_HOST} is set, a known Docker or Podman
 * socket exists, or Testcontainers/Docker configuration files exist in the home folder.
 *
 * <p>Usage: {@code @ExtendWith(InfrastructureExtension.class)} on the test class, then either a
 * {@link TestInfrastructure} parameter (constructor, lifecycle or test method) or
 * {@link #get() InfrastructureExtension.get()} (e.g. in a {@code @DynamicPropertySource} method). The
 * infrastructure lives in the JUnit root store and is closed when the whole test run ends.
 */
public final class InfrastructureExtension implements BeforeAllCallback, ParameterResolver {

  public static final String MODE_PROPERTY = "orderdesk.test.infrastructure";
  public static final String MODE_ENV = "ORDERDESK_TEST_INFRASTRUCTURE";
  public static final String KAFKA_IMAGE_PROPERTY = "orderdesk.test.kafka-image";
  public static final String POSTGRES_IMAGE_PROPERTY = "orderdesk.test.postgres-image";
  public static final String DEFAULT_KAFKA_IMAGE = "apache/kafka:4.1.2";
  public static final String DEFAULT_POSTGRES_IMAGE = "postgres:17-alpine";

  private static final Logger LOG = LoggerFactory.getLogger(InfrastructureExtension.class);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(InfrastructureExtension.class);
  private static final ReentrantLock LOCK = new ReentrantLock();

  /** Guarded by {@link #LOCK}. */
  private static Running running;
  /** Guarded by {@link #LOCK}: a failed start is not retried by every test class. */
  private static RuntimeException startFailure;

  /** Which backing a test run uses. */
  public enum Mode { AUTO, EMBEDDED, TESTCONTAINERS }

  @Override
  public void beforeAll(ExtensionContext context) {
    adopt(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == TestInfrastructure.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return adopt(extensionContext).info();
  }

  /**
   * The running infrastructure, started now if needed. Callable from static contexts of test classes that
   * use this extension (for example a {@code @DynamicPropertySource} method, which may run before
   * {@code beforeAll}); the extension then takes ownership and closes it at the end of the test run.
   */
  public static TestInfrastructure get() {
    return running().info();
  }

  /** The mode requested by system property or environment ({@link Mode#AUTO} when unset). */
  public static Mode requestedMode() {
    String value = System.getProperty(MODE_PROPERTY);
    if (value == null || value.isBlank()) {
      value = System.getenv(MODE_ENV);
    }
    if (value == null || value.isBlank()) {
      return Mode.AUTO;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> Mode.AUTO;
      case "embedded", "local" -> Mode.EMBEDDED;
      case "testcontainers", "containers", "docker" -> Mode.TESTCONTAINERS;
      default -> throw new IllegalArgumentException(
          MODE_PROPERTY + " must be auto, embedded or testcontainers, not '" + value + "'");
    };
  }

  /**
   * Whether a Docker engine is reachable. Asks Testcontainers only when there is a sign of an engine, so
   * that machines without Docker neither wait nor get Testcontainers' error log.
   */
  public static boolean dockerAvailable() {
    if (!dockerHintPresent()) {
      LOG.debug("no DOCKER_HOST, no Docker/Podman socket, no Testcontainers configuration: no Docker engine");
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      LOG.info("Docker detection failed: {}", e.toString());
      return false;
    }
  }

  private static Running adopt(ExtensionContext context) {
    Running current = running();
    // Keyed by the instance: the root store closes it once, at the end of the test run.
    context.getRoot().getStore(NAMESPACE).computeIfAbsent(current, key -> current, Running.class);
    return current;
  }

  private static Running running() {
    LOCK.lock();
    try {
      if (running != null) {
        return running;
      }
      if (startFailure != null) {
        throw new IllegalStateException("test infrastructure failed to start earlier in this JVM", startFailure);
      }
      try {
        running = start();
        return running;
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
    } finally {
      LOCK.unlock();
    }
  }

  private static Running start() {
    Mode mode = requestedMode();
    boolean containers = switch (mode) {
      case EMBEDDED -> false;
      case TESTCONTAINERS -> true;
      case AUTO -> dockerAvailable();
    };
    long started = System.nanoTime();
    Running result = containers ? startContainers() : startEmbedded();
    LOG.info("test infrastructure ({}, mode {}) ready in {} ms: {}", result.kind(), mode,
        (System.nanoTime() - started) / 1_000_000, result.info());
    return result;
  }

  private static Running startEmbedded() {
    // PostgreSQL is a separate process: start it while the broker starts in this thread.
    CompletableFuture<LocalPostgres> postgres = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("local-postgres-start").start(() -> {
      try {
        postgres.complete(LocalPostgres.start());
      } catch (Throwable t) {
        postgres.completeExceptionally(t);
      }
    });
    LocalKafka kafka;
    try {
      kafka = LocalKafka.start();
    } catch (RuntimeException e) {
      try {
        postgres.join().close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    LocalPostgres pg;
    try {
      pg = postgres.join();
    } catch (CompletionException e) {
      kafka.close();
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    TestInfrastructure info =
        new TestInfrastructure(kafka.bootstrapServers(), pg.jdbcUrl(), pg.username(), pg.password());
    return new Running("embedded", info, List.of(kafka, pg));
  }

  @SuppressWarnings("resource")
  private static Running startContainers() {
    String kafkaImage = System.getProperty(KAFKA_IMAGE_PROPERTY, DEFAULT_KAFKA_IMAGE);
    String postgresImage = System.getProperty(POSTGRES_IMAGE_PROPERTY, DEFAULT_POSTGRES_IMAGE);
    KafkaContainer kafka = new KafkaContainer(
        DockerImageName.parse(kafkaImage).asCompatibleSubstituteFor("apache/kafka"))
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
        .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "1")
        .withEnv("KAFKA_DEFAULT_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
        .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
    PostgreSQLContainer postgres = new PostgreSQLContainer(
        DockerImageName.parse(postgresImage).asCompatibleSubstituteFor("postgres"));
    try {
      Startables.deepStart(kafka, postgres).join();
    } catch (RuntimeException e) {
      stopQuietly(kafka, e);
      stopQuietly(postgres, e);
      throw e instanceof CompletionException && e.getCause() instanceof RuntimeException r ? r : e;
    }
    TestInfrastructure info = new TestInfrastructure(
        kafka.getBootstrapServers(), postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
    return new Running("testcontainers", info, List.of(kafka::stop, postgres::stop));
  }

  private static void stopQuietly(org.testcontainers.lifecycle.Startable container, RuntimeException failure) {
    try {
      container.stop();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  static boolean dockerHintPresent() {
    String dockerHost = System.getenv("DOCKER_HOST");
    if (dockerHost != null && !dockerHost.isBlank()) {
      return true;
    }
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
      return true; // named pipe; let Testcontainers look
    }
    Path home = Path.of(System.getProperty("user.home", "/nonexistent"));
    List<Path> candidates = new ArrayList<>(List.of(
        Path.of("/var/run/docker.sock"),
        Path.of("/run/docker.sock"),
        Path.of("/run/podman/podman.sock"),
        home.resolve(".testcontainers.properties"),
        home.resolve(".docker/run/docker.sock"),
        home.resolve(".docker/desktop/docker.sock"),
        home.resolve(".rd/docker.sock"),
        home.resolve(".colima/default/docker.sock"),
        home.resolve(".colima/docker.sock"),
        home.resolve(".orbstack/run/docker.sock")));
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    if (runtimeDir != null && !runtimeDir.isBlank()) {
      candidates.add(Path.of(runtimeDir, "docker.sock"));
      candidates.add(Path.of(runtimeDir, "podman", "podman.sock"));
    }
    return candidates.stream().anyMatch(Files::exists);
  }

  /** The started infrastructure; closed by the JUnit root store at the end of the run. */
  @SuppressWarnings("deprecation") // CloseableResource: still honoured when auto-closing of AutoCloseable is off
  private record Running(String kind, TestInfrastructure info, List<AutoCloseable> resources)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    @Override
    public void close() {
      LOCK.lock();
      try {
        if (running == this) {
          running = null;
        }
      } finally {
        LOCK.unlock();
      }
      RuntimeException failure = null;
      for (AutoCloseable resource : resources.reversed()) {
        try {
          resource.close();
        } catch (Exception e) {
          if (failure == null) {
            failure = new IllegalStateException("closing the test infrastructure failed");
          }
          failure.addSuppressed(e);
        }
      }
      LOG.info("test infrastructure ({}) closed", kind);
      if (failure != null) {
        throw failure;
      }
    }
  }
}
