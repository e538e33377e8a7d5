package com.orderdeskmcp.sandbox.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small real-HTTP client for the tests, speaking to the sandbox the way OrderDesk clients do. */
public final class ApiClient {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final String baseUrl;
  private final String storeId;
  private final String apiKey;
  private final Duration timeout;
  private final String[] defaultHeaders;

  private ApiClient(String baseUrl, String storeId, String apiKey, Duration timeout, String... defaultHeaders) {
    this.baseUrl = baseUrl;
    this.storeId = storeId;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.defaultHeaders = defaultHeaders;
  }

  /** A client for {@code baseUrl} (the API's or the control API's) that sends these credentials. */
  public static ApiClient of(String baseUrl, String storeId, String apiKey) {
    return new ApiClient(baseUrl, storeId, apiKey, DEFAULT_TIMEOUT);
  }

  public static ApiClient anonymous(String baseUrl) {
    return new ApiClient(baseUrl, null, null, DEFAULT_TIMEOUT);
  }

  /** A client for the control API, sending its token. */
  public static ApiClient control(String controlUrl, String token) {
    return new ApiClient(controlUrl, null, null, DEFAULT_TIMEOUT, "X-Sandbox-Control-Token", token);
  }

  /** A client with a shorter timeout, for requests the sandbox is told to hang. */
  public ApiClient withTimeout(Duration newTimeout) {
    return new ApiClient(baseUrl, storeId, apiKey, newTimeout, defaultHeaders);
  }

  public Reply get(String path) {
    return send("GET", path, null);
  }

  public Reply post(String path, String body) {
    return send("POST", path, body);
  }

  public Reply post(String path, JsonNode body) {
    return send("POST", path, body.toString());
  }

  public Reply put(String path, JsonNode body) {
    return send("PUT", path, body.toString());
  }

  public Reply put(String path, String body) {
    return send("PUT", path, body);
  }

  public Reply delete(String path) {
    return send("DELETE", path, null);
  }

  public Reply send(String method, String path, String body, String... extraHeaders) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (storeId != null) {
      request.header("ORDERDESK-STORE-ID", storeId);
    }
    if (apiKey != null) {
      request.header("ORDERDESK-API-KEY", apiKey);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i + 1 < defaultHeaders.length; i += 2) {
      request.header(defaultHeaders[i], defaultHeaders[i + 1]);
    }
    for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
      request.header(extraHeaders[i], extraHeaders[i + 1]);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().map(), response.body(), parse(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code n} GETs of {@code path}, one after another; returns every reply. */
  public List<Reply> getRepeatedly(String path, int n) {
    List<Reply> replies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      replies.add(get(path));
    }
    return replies;
  }

  private static JsonNode parse(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("The sandbox answered with something that is not JSON: " + body, e);
    }
  }

  /** A response; {@code json} is always parsed, since every sandbox response must be JSON. */
  public record Reply(int status, java.util.Map<String, List<String>> headers, String raw, JsonNode json) {

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }

    public ObjectNode order() {
      return (ObjectNode) json.get("order");
    }
  }
}
