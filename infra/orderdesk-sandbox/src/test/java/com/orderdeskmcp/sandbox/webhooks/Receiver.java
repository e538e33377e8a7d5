package com.orderdeskmcp.sandbox.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** A tiny HTTP server standing in for a store's "Post Order JSON" endpoint; records every post. */
final class Receiver implements AutoCloseable {

  record Post(String method, String contentType, Map<String, List<String>> headers, String body) {

    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final List<Post> posts = new CopyOnWriteArrayList<>();
  /** Statuses to answer with, in turn; 200 once they run out. */
  private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean blocking;

  Receiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/hook", exchange -> {
      try (exchange) {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        posts.add(new Post(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
            Map.copyOf(exchange.getRequestHeaders()), body));
        if (blocking) {
          release.await();
        }
        Integer status = statuses.poll();
        exchange.sendResponseHeaders(status == null ? 200 : status, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  void answerWith(Integer... nextStatuses) {
    statuses.addAll(List.of(nextStatuses));
  }

  /** Holds every post until {@link #close()}: a receiver that never answers. */
  void block() {
    blocking = true;
  }

  List<Post> posts() {
    return List.copyOf(posts);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
