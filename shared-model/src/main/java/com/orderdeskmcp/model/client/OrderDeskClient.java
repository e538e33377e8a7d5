package com.orderdeskmcp.model.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.json.JsonCodec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The OrderDesk REST API v2 over OkHttp: one instance per process, shared by every store.
 * Unwraps the response envelopes and turns every non-success into an {@link OrderDeskException}.
 */
public final class OrderDeskClient {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String USER_AGENT = "orderdesk-mcp/0.1";

    private final OkHttpClient http;
    private final HttpUrl baseUrl;

    public OrderDeskClient(String baseUrl, Duration connectTimeout, Duration callTimeout) {
        this.baseUrl = Objects.requireNonNull(HttpUrl.parse(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/"),
                "not an http(s) url: " + baseUrl);
        this.http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .callTimeout(callTimeout)
                .readTimeout(callTimeout)
                // Never resend on our own: a PUT or POST may have reached OrderDesk before the connection broke.
                .retryOnConnectionFailure(false)
                .build();
    }

    /** Checks the credentials: {@code GET /test}. */
    public void test(StoreCredentials store) {
        send(store, "GET", "test", Map.of(), null);
    }

    public ObjectNode getOrder(StoreCredentials store, String orderId) {
        return (ObjectNode) send(store, "GET", "orders/" + orderId, Map.of(), null).get("order");
    }

    /** {@code GET /orders} with OrderDesk's own query parameters; returns the whole envelope (totals, paging). */
    public ObjectNode searchOrders(StoreCredentials store, Map<String, String> query) {
        return send(store, "GET", "orders", query, null);
    }

    /** {@code PUT /orders/{id}}: replaces the whole order; returns the order as stored. */
    public ObjectNode replaceOrder(StoreCredentials store, String orderId, ObjectNode order) {
        return (ObjectNode) send(store, "PUT", "orders/" + orderId, Map.of(), order).get("order");
    }

    private ObjectNode send(StoreCredentials store, String method, String path, Map<String, String> query,
                            JsonNode body) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments(path);
        query.forEach(url::addQueryParameter);
        Request request = new Request.Builder()
                .url(url.build())
                .header("ORDERDESK-STORE-ID", store.storeId())
                .header("ORDERDESK-API-KEY", store.apiKey())
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json")
                // OrderDesk asks for no Content-Type (and no body) on GET.
                .method(method, body == null ? null : RequestBody.create(JsonCodec.encode(body), JSON))
                .build();
        String where = method + " /" + path;
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            ObjectNode envelope = parse(text);
            if (response.isSuccessful() && (envelope == null || !"error".equals(envelope.path("status").asText()))) {
                if (envelope == null) {
                    throw new OrderDeskException(502, where + ": OrderDesk answered with a body that is not JSON",
                            null, null);
                }
                return envelope;
            }
            int status = response.isSuccessful() ? 400 : response.code();
            String message = envelope != null && envelope.hasNonNull("message")
                    ? envelope.get("message").asText() : "HTTP " + response.code();
            throw new OrderDeskException(status, where + ": " + message, retryAfter(response), null);
        } catch (IOException e) {
            // No answer: the request may or may not have been applied upstream.
            throw new OrderDeskException(0, where + ": no answer from OrderDesk (" + e.getClass().getSimpleName()
                    + ")", null, e);
        }
    }

    private static ObjectNode parse(String text) {
        try {
            return JsonCodec.tree(text) instanceof ObjectNode object ? object : null;
        } catch (JsonCodec.JsonCodecException e) {
            return null;
        }
    }

    private static Duration retryAfter(Response response) {
        String value = response.header("X-Retry-After");
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofMillis((long) Math.ceil(Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
