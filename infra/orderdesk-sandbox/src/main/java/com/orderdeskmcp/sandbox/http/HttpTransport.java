package com.orderdeskmcp.sandbox.http;

import com.orderdeskmcp.sandbox.support.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK's built-in HTTP server (127.0.0.1 unless told otherwise): no framework, so the sandbox
 * starts in milliseconds. Turns exchanges into {@link RawRequest}s and never lets an exception (or a
 * stack trace) reach the client. A handler may throw {@link DroppedConnection} to close the
 * connection without answering.
 *
 * <p>Requests run on virtual threads: injected latency and hung requests then block nothing but
 * themselves, however many there are.
 */
public final class HttpTransport implements AutoCloseable {

  /** Handles one request; may throw, the transport then answers 500. */
  @FunctionalInterface
  public interface RequestHandler {
    ApiResponse handle(RawRequest request);
  }

  private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());
  private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpTransport(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  private static final int BACKLOG = 1024;

  static {
    // The JDK server leaves Nagle's algorithm on. A response larger than its 8 KiB buffer then goes
    // out as headers first and body second, and the body's last segment waits for the client's
    // delayed ACK: 40 ms per response. The server reads this once, when its first instance starts;
    // a value set on the command line wins.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    // It also closes every connection that turns idle while 200 others are idle: with a few hundred
    // keep-alive clients (two workers at full concurrency) the clients then reuse connections the
    // server has just closed, and the sandbox, not the clients, sets the pace.
    System.getProperties().putIfAbsent("sun.net.httpserver.maxIdleConnections", "10000");
  }

  public static HttpTransport start(InetAddress address, int port, RequestHandler handler) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(address, port), BACKLOG);
      ExecutorService executor = Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("orderdesk-sandbox-", 1).factory());
      server.setExecutor(executor);
      server.createContext("/", exchange -> serve(exchange, handler));
      server.start();
      return new HttpTransport(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the sandbox on port " + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void serve(HttpExchange exchange, RequestHandler handler) {
    try (exchange) {
      ApiResponse response;
      try {
        response = handler.handle(read(exchange));
      } catch (DroppedConnection e) {
        // Closing an exchange before any response header went out closes the connection.
        return;
      } catch (ApiException e) {
        response = ApiResponse.error(e.status(), e.getMessage());
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "Unhandled error in the OrderDesk sandbox", e);
        response = ApiResponse.error(500, "Internal sandbox error");
      }
      write(exchange, response);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Client went away: {0}", e.getMessage());
    }
  }

  private static RawRequest read(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String override = exchange.getRequestHeaders().getFirst(METHOD_OVERRIDE);
    // The official PHP client sends updates as POST with this header.
    if ("POST".equals(method) && override != null && !override.isBlank()) {
      method = override.trim().toUpperCase(Locale.ROOT);
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new RawRequest(method, path, exchange.getRequestURI().getRawQuery(),
        exchange.getRequestHeaders(), body, exchange.getRemoteAddress().getAddress());
  }

  private static void write(HttpExchange exchange, ApiResponse response) throws IOException {
    byte[] bytes = Json.write(response.body());
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
    exchange.sendResponseHeaders(response.status(), head ? -1 : bytes.length);
    if (!head) {
      exchange.getResponseBody().write(bytes);
    }
  }

}
