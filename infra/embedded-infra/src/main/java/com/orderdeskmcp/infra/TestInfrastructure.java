package com.orderdeskmcp.infra;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Connection facts of whatever backs the tests (containers or embedded).
 *
 * @param kafkaBootstrapServers {@code host:port} of a single Kafka broker
 * @param jdbcUrl JDBC url of a PostgreSQL database the user may connect to and create databases from
 * @param jdbcUsername a PostgreSQL user allowed to create databases
 * @param jdbcPassword its password
 */
public record TestInfrastructure(String kafkaBootstrapServers, String jdbcUrl, String jdbcUsername,
                                 String jdbcPassword) {

  private static final int MAX_PREFIX = 40;
  private static final SecureRandom RANDOM = new SecureRandom();

  public TestInfrastructure {
    Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(jdbcUsername, "jdbcUsername");
    Objects.requireNonNull(jdbcPassword, "jdbcPassword");
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC url: " + jdbcUrl);
    }
  }

  /**
   * A fresh, empty database on the same server, for isolation between test classes.
   *
   * @param prefix readable part of the name; lower-cased, anything but {@code [a-z0-9_]} becomes {@code _}
   * @return the JDBC url of the new database (same host, port and url parameters as {@link #jdbcUrl()})
   */
  public String newDatabase(String prefix) {
    String name = sanitize(prefix) + "_" + HexFormat.of().toHexDigits(RANDOM.nextLong()).substring(0, 10);
    try (Connection connection = DriverManager.getConnection(jdbcUrl, jdbcUsername, jdbcPassword);
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE \"" + name + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + " via " + jdbcUrl, e);
    }
    return jdbcUrlOf(name);
  }

  /** The JDBC url of another database on the same server. */
  public String jdbcUrlOf(String database) {
    // jdbc:postgresql://host:port/database?params  (host part may list several hosts, has no '/')
    int hostStart = "jdbc:postgresql://".length();
    int slash = jdbcUrl.indexOf('/', hostStart);
    int query = jdbcUrl.indexOf('?', hostStart);
    if (query >= 0 && slash > query) {
      slash = -1; // a '/' inside the parameters
    }
    String hosts = jdbcUrl.substring(0, slash >= 0 ? slash : (query >= 0 ? query : jdbcUrl.length()));
    String params = query >= 0 ? jdbcUrl.substring(query) : "";
    return hosts + "/" + database + params;
  }

  @Override
  public String toString() {
    return "TestInfrastructure[kafka=" + kafkaBootstrapServers + ", jdbc=" + jdbcUrl + ", user=" + jdbcUsername + "]";
  }

  private static String sanitize(String prefix) {
    String s = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (s.isEmpty() || !Character.isLetter(s.charAt(0)) && s.charAt(0) != '_') {
      s = "db_" + s;
    }
    return s.length() > MAX_PREFIX ? s.substring(0, MAX_PREFIX) : s;
  }
}
