package com.orderdeskmcp.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {

  @Test
  void keepsDataInTheGivenDirectoryAcrossStopAndStart(@TempDir Path dataDir) throws SQLException {
    try (LocalPostgres first = LocalPostgres.start(0, dataDir)) {
      String url = first.createDatabase("orderdesk");
      try (Connection c = DriverManager.getConnection(url, first.username(), first.password());
           Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (id int PRIMARY KEY, note text)");
        s.execute("INSERT INTO kept VALUES (7, 'survives a restart')");
      }
    }
    assertNoPostgresProcessFor(dataDir.toString());
    assertThat(dataDir.resolve("PG_VERSION")).content().isEqualToIgnoringNewLines("17");

    try (LocalPostgres second = LocalPostgres.start(0, dataDir)) {
      String url = second.createDatabase("orderdesk"); // exists: idempotent
      try (Connection c = DriverManager.getConnection(url, second.username(), second.password());
           Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT note FROM kept WHERE id = 7")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("survives a restart");
      }
    }
    assertNoPostgresProcessFor(dataDir.toString());
  }

  @Test
  void temporaryServerListensOnLoopbackAndStopsOnClose() throws SQLException {
    LocalPostgres pg = LocalPostgres.start();
    int port = pg.port();
    try {
      assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
      try (Connection c = pg.dataSource().getConnection();
           Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT current_setting('listen_addresses'), current_user,"
               + " current_setting('unix_socket_directories'), current_setting('fsync')")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
        assertThat(rs.getString(2)).isEqualTo("postgres");
        assertThat(rs.getString(3)).isEmpty();
        assertThat(rs.getString(4)).isEqualTo("off");
      }
      assertThat(pg.createDatabase("Mixed_Case_1")).endsWith(":" + port + "/Mixed_Case_1");
      assertThatThrownBy(() -> pg.createDatabase("bad;name")).isInstanceOf(IllegalArgumentException.class);
    } finally {
      pg.close();
      pg.close(); // idempotent
    }
    assertNoPostgresProcessFor("-p " + port);
    assertThat(canConnect(port)).isFalse();
  }

  static void assertNoPostgresProcessFor(String commandLineFragment) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(postgresProcesses(commandLineFragment))
        .as("postgres processes whose command line contains '%s'", commandLineFragment)
        .isEmpty());
  }

  static List<String> postgresProcesses(String commandLineFragment) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.info().commandLine().orElse(""))
        .filter(cmd -> cmd.contains("bin/postgres") && cmd.contains(commandLineFragment))
        .toList();
  }

  private static boolean canConnect(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void refusesToShareADataDirectory(@TempDir Path dataDir) {
    try (LocalPostgres pg = LocalPostgres.start(0, dataDir)) {
      assertThat(Files.exists(dataDir.resolve("postgresql.conf"))).isTrue();
      assertThatThrownBy(() -> LocalPostgres.start(0, dataDir)).isInstanceOf(RuntimeException.class);
    }
    assertNoPostgresProcessFor(dataDir.toString());
  }
}
