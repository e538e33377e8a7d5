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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's built-in HTTP server on 127.0.0.1 with a small thread pool: no framework, so the
 * sandbox starts in milliseconds. Turns exchanges into {@link RawRequest}s and never lets an
 * exception (or a stack trace) reach the client.
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

  public static HttpTransport start(int port, int threads, RequestHandler handler) {
    try {
      InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      HttpServer server = HttpServer.create(new InetSocketAddress(loopback, port), 64);
      ExecutorService executor = Executors.newFixedThreadPool(threads, daemonThreads());
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

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "orderdesk-sandbox-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
