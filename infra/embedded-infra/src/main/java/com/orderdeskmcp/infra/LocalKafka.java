package com.orderdeskmcp.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in this JVM: {@link KafkaRaftServer} in KRaft combined mode
 * (broker and controller), listening on 127.0.0.1 only. By default its log directory is a fresh one under
 * {@code local-kafka} in the system temp folder, deleted by {@link #close()} (and, should the JVM die
 * without closing, by a later start once it is older than ten minutes and no broker holds its lock).
 * {@link #start(int, Path)} can keep topics, records and committed offsets in a given directory instead.
 *
 * <p>Settings for a single node: replication factor 1 and min ISR 1 for everything including the internal
 * topics, {@code group.initial.rebalance.delay.ms=0}, {@code auto.create.topics.enable=true}.
 *
 * <p>Kafka reacts to fatal errors with {@code Exit.halt}; in this JVM that would kill the tests or the
 * launcher, so the first start replaces Kafka's exit and halt procedures by ones that only log.
 */
public final class LocalKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final int START_ATTEMPTS = 3;
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicBoolean EXIT_PROCEDURES_REPLACED = new AtomicBoolean();

  private static final Duration STALE_AFTER = Duration.ofMinutes(10);

  private final KafkaRaftServer server;
  private final Path logDir;
  private final boolean temporary;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalKafka(KafkaRaftServer server, Path logDir, boolean temporary, int port) {
    this.server = server;
    this.logDir = logDir;
    this.temporary = temporary;
    this.port = port;
  }

  /** Starts a broker on a random free port. */
  public static LocalKafka start() {
    return start(0);
  }

  /**
   * Starts a broker.
   *
   * @param port the client (PLAINTEXT) port on 127.0.0.1, or 0 for a random free one; the KRaft controller
   *     listener always gets a random free port
   */
  public static LocalKafka start(int port) {
    return start(port, null);
  }

  /**
   * Starts a broker that keeps its data in the given directory (formatted on first use) across restarts.
   *
   * @param port the client (PLAINTEXT) port on 127.0.0.1, or 0 for a random free one
   * @param logDirOrNull the log directory to keep, or {@code null} for a temporary one deleted on close
   */
  public static LocalKafka start(int port, Path logDirOrNull) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    replaceExitProcedures();
    long started = System.nanoTime();
    RuntimeException failure = null;
    // Free ports are picked before Kafka binds them; another process may grab one in between.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int brokerPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      while (controllerPort == brokerPort) {
        controllerPort = freePort();
      }
      try {
        LocalKafka kafka = startOnce(brokerPort, controllerPort, logDirOrNull);
        LOG.info("Kafka broker started on {} in {} ms{}", kafka.bootstrapServers(),
            (System.nanoTime() - started) / 1_000_000,
            logDirOrNull == null ? "" : " with data in " + kafka.logDir);
        return kafka;
      } catch (RuntimeException e) {
        if (!isBindFailure(e)) {
          throw e;
        }
        LOG.warn("Kafka could not bind port {} or {} (attempt {}): {}", brokerPort, controllerPort, attempt,
            e.getMessage());
        failure = e;
      }
    }
    throw failure;
  }

  /** {@code 127.0.0.1:PORT}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /**
   * Creates a topic with replication factor 1 unless it exists (an existing topic is left as it is), and
   * waits until the broker serves all its partitions.
   */
  public void createTopic(String name, int partitions) {
    Objects.requireNonNull(name, "name");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive: " + partitions);
    }
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, "local-kafka-admin"))) {
      try {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
            .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + name, e.getCause());
        }
      }
      awaitLeaders(admin, name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating topic " + name, e);
    }
  }

  /** Stops the broker and the controller, waits for their threads, and deletes the log directory. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      if (temporary) {
        deleteRecursively(logDir);
      }
    }
    LOG.info("Kafka broker on port {} stopped in {} ms", port, (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  public String toString() {
    return "LocalKafka[" + bootstrapServers() + "]";
  }

  private static LocalKafka startOnce(int brokerPort, int controllerPort, Path keptLogDir) {
    boolean temporary = keptLogDir == null;
    Path logDir;
    try {
      if (temporary) {
        Path parent = Path.of(System.getProperty("java.io.tmpdir"), "local-kafka");
        Files.createDirectories(parent);
        deleteStaleLogDirs(parent);
        logDir = Files.createTempDirectory(parent, "broker-");
      } else {
        logDir = keptLogDir.toAbsolutePath();
        Files.createDirectories(logDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Kafka log directory", e);
    }
    KafkaRaftServer server = null;
    try {
      KafkaConfig config = KafkaConfig.fromProps(brokerProperties(logDir, brokerPort, controllerPort), false);
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(logDir);
      }
      server = new KafkaRaftServer(config, Time.SYSTEM);
      // Returns once the broker is registered, caught up with the metadata log and unfenced.
      server.startup();
      return new LocalKafka(server, logDir, temporary, brokerPort);
    } catch (RuntimeException | Error e) {
      if (server != null) {
        try {
          server.shutdown();
          server.awaitShutdown();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (temporary) {
        deleteRecursively(logDir);
      }
      throw e;
    }
  }

  /** Log directories of brokers whose JVM died without closing them: old, and nobody holds Kafka's lock. */
  private static void deleteStaleLogDirs(Path parent) {
    try (Stream<Path> dirs = Files.list(parent)) {
      long staleBefore = System.currentTimeMillis() - STALE_AFTER.toMillis();
      for (Path dir : dirs.toList()) {
        Path lockFile = dir.resolve(".lock");
        if (!Files.isDirectory(dir) || Files.getLastModifiedTime(dir).toMillis() > staleBefore) {
          continue;
        }
        if (Files.exists(lockFile)) {
          try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
               FileLock lock = channel.tryLock()) {
            if (lock == null) {
              continue; // a live broker in another JVM
            }
          } catch (OverlappingFileLockException e) {
            continue; // a live broker in this JVM
          }
        }
        LOG.info("deleting stale Kafka log directory {}", dir);
        deleteRecursively(dir);
      }
    } catch (IOException e) {
      LOG.debug("could not clean stale Kafka log directories in {}", parent, e);
    }
  }

  private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("metadata.log.dir", logDir.toString());
    // One node: everything has one replica.
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "true");
    p.put("delete.topic.enable", "true");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Start fast: the broker is unfenced on a heartbeat, so heartbeat often.
    p.put("broker.heartbeat.interval.ms", "100");
    p.put("broker.session.timeout.ms", "9000");
    // Small footprint on a small machine.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "4");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    return p;
  }

  private static void format(Path logDir) {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(logDir.toString())
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName("CONTROLLER")
          .setHasDynamicQuorum(false)
          .run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka log directory " + logDir, e);
    }
  }

  private static void awaitLeaders(Admin admin, String topic)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    while (true) {
      try {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        if (description != null && description.partitions().stream().allMatch(p -> p.leader() != null)) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("cannot describe topic " + topic, e.getCause());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("topic " + topic + " has no leaders after " + ADMIN_TIMEOUT);
      }
      // The broker's metadata cache lags the controller by a few milliseconds.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  private static void replaceExitProcedures() {
    if (EXIT_PROCEDURES_REPLACED.compareAndSet(false, true)) {
      Exit.setExitProcedure((status, message) ->
          LOG.error("Kafka asked to exit the JVM with status {} ({}); ignored in embedded mode", status, message));
      Exit.setHaltProcedure((status, message) ->
          LOG.error("Kafka asked to halt the JVM with status {} ({}); ignored in embedded mode", status, message));
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && (message.contains("Address already in use") || message.contains("failed to bind"))) {
        return true;
      }
    }
    return false;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          LOG.debug("could not delete {}", path, e);
        }
      });
    } catch (IOException e) {
      LOG.warn("could not delete Kafka log directory {}", dir, e);
    }
  }
}
