package com.orderdeskmcp.model.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.json.JsonCodec;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The OrderDesk REST API v2 over OkHttp: one instance per process, shared by every store.
 * Unwraps the response envelopes and turns every non-success into an {@link OrderDeskException}.
 */
public final class OrderDeskClient {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String USER_AGENT = "orderdesk-mcp/0.1";
    /**
     * A worker runs up to worker.store-concurrency (4) calls per store at once: with 50 busy stores
     * that is 200 connections. A smaller pool closes the surplus after every call and reconnects
     * for the next (measured: a tenth of the worker's CPU went to connecting and pool upkeep).
     */
    private static final int IDLE_CONNECTIONS = 256;
    private static final Duration IDLE_KEEP_ALIVE = Duration.ofSeconds(15);

    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final RequestGate gate;

    public OrderDeskClient(String baseUrl, Duration connectTimeout, Duration callTimeout) {
        this(baseUrl, connectTimeout, callTimeout, RequestGate.OPEN);
    }

    /** @param gate waits for the store's rate limit before every request */
    public OrderDeskClient(String baseUrl, Duration connectTimeout, Duration callTimeout, RequestGate gate) {
        this.gate = gate;
        this.baseUrl = Objects.requireNonNull(HttpUrl.parse(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/"),
                "not an http(s) url: " + baseUrl);
        this.http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                // The call timeout bounds the whole call (connect, write, wait, read). Per-read and
                // per-write timeouts on top would arm and disarm a timer for every socket operation.
                .callTimeout(callTimeout)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                // Never resend on our own: a PUT or POST may have reached OrderDesk before the connection broke.
                .retryOnConnectionFailure(false)
                // Since we never resend, a pooled connection the server has already closed costs a failed
                // call: drop idle ones well before common server idle timeouts (JDK 30 s, nginx 75 s),
                // and keep enough of them that a busy worker does not reconnect for every request.
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, IDLE_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS))
                .build();
    }

    /** Checks the credentials: {@code GET /test}. */
    public void test(StoreCredentials store) {
        send(store, "GET", "test", Map.of(), null);
    }

    /** {@code GET /store}: settings and folders. OrderDesk echoes secrets here: callers strip them. */
    public ObjectNode getStore(StoreCredentials store) {
        return (ObjectNode) send(store, "GET", "store", Map.of(), null).get("store");
    }

    // --- orders ---

    public ObjectNode getOrder(StoreCredentials store, String orderId) {
        return (ObjectNode) send(store, "GET", "orders/" + orderId, Map.of(), null).get("order");
    }

    /** {@code GET /orders} with OrderDesk's own query parameters; returns the whole envelope (totals, paging). */
    public ObjectNode searchOrders(StoreCredentials store, Map<String, String> query) {
        return send(store, "GET", "orders", query, null);
    }

    /** {@code POST /orders}; returns the order as created, with its new id. */
    public ObjectNode createOrder(StoreCredentials store, ObjectNode order) {
        return (ObjectNode) send(store, "POST", "orders", Map.of(), order).get("order");
    }

    /** {@code PUT /orders/{id}}: replaces the whole order; returns the order as stored. */
    public ObjectNode replaceOrder(StoreCredentials store, String orderId, ObjectNode order) {
        return (ObjectNode) send(store, "PUT", "orders/" + orderId, Map.of(), order).get("order");
    }

    public ObjectNode deleteOrder(StoreCredentials store, String orderId) {
        return send(store, "DELETE", "orders/" + orderId, Map.of(), null);
    }

    /** {@code POST /move-orders} by folder id or exact folder name; the envelope holds per-order results. */
    public ObjectNode moveOrders(StoreCredentials store, List<String> orderIds, Integer folderId, String folderName) {
        ObjectNode body = JsonCodec.object();
        body.set("order_id_list", JsonCodec.toTree(orderIds));
        if (folderId != null) {
            body.put("destination_folder_id", folderId);
        } else {
            body.put("destination_folder_name", folderName);
        }
        return send(store, "POST", "move-orders", Map.of(), body);
    }

    /** {@code POST /orders/{id}/order-history}: appends a note; the envelope holds the order with its history. */
    public ObjectNode addOrderHistory(StoreCredentials store, String orderId, String note, String sourceName) {
        ObjectNode body = JsonCodec.object().put("note", note);
        if (sourceName != null) {
            body.put("source_name", sourceName);
        }
        return send(store, "POST", "orders/" + orderId + "/order-history", Map.of(), body);
    }

    // --- order items ---

    public ArrayNode listOrderItems(StoreCredentials store, String orderId) {
        return array(send(store, "GET", "orders/" + orderId + "/order-items", Map.of(), null), "order_items");
    }

    public ObjectNode getOrderItem(StoreCredentials store, String orderId, String itemId) {
        return (ObjectNode) send(store, "GET", "orders/" + orderId + "/order-items/" + itemId, Map.of(), null)
                .get("order_item");
    }

    /** OrderDesk does not say the new item's id: look it up with {@link #listOrderItems}. */
    public ObjectNode addOrderItem(StoreCredentials store, String orderId, ObjectNode item) {
        return send(store, "POST", "orders/" + orderId + "/order-items", Map.of(), item);
    }

    public ObjectNode updateOrderItem(StoreCredentials store, String orderId, String itemId, ObjectNode item) {
        return send(store, "PUT", "orders/" + orderId + "/order-items/" + itemId, Map.of(), item);
    }

    public ObjectNode deleteOrderItem(StoreCredentials store, String orderId, String itemId) {
        return send(store, "DELETE", "orders/" + orderId + "/order-items/" + itemId, Map.of(), null);
    }

    // --- shipments ---

    public ArrayNode listShipments(StoreCredentials store, String orderId) {
        return array(send(store, "GET", "orders/" + orderId + "/shipments", Map.of(), null), "shipments");
    }

    public ObjectNode getShipment(StoreCredentials store, String orderId, String shipmentId) {
        return (ObjectNode) send(store, "GET", "orders/" + orderId + "/shipments/" + shipmentId, Map.of(), null)
                .get("shipment");
    }

    /** OrderDesk does not say the new shipment's id: look it up by tracking number with {@link #listShipments}. */
    public ObjectNode addShipment(StoreCredentials store, String orderId, ObjectNode shipment) {
        return send(store, "POST", "orders/" + orderId + "/shipments", Map.of(), shipment);
    }

    public ObjectNode updateShipment(StoreCredentials store, String orderId, String shipmentId, ObjectNode shipment) {
        return send(store, "PUT", "orders/" + orderId + "/shipments/" + shipmentId, Map.of(), shipment);
    }

    public ObjectNode deleteShipment(StoreCredentials store, String orderId, String shipmentId) {
        return send(store, "DELETE", "orders/" + orderId + "/shipments/" + shipmentId, Map.of(), null);
    }

    /** {@code POST /batch-shipments}: a bare array (each with {@code order_id}); per-item {@code results} in a 200. */
    public ObjectNode addShipments(StoreCredentials store, ArrayNode shipments) {
        return send(store, "POST", "batch-shipments", Map.of(), shipments);
    }

    // --- inventory ---

    /** {@code GET /inventory-items} (e.g. {@code code=a,b}); returns the whole envelope. */
    public ObjectNode searchInventoryItems(StoreCredentials store, Map<String, String> query) {
        return send(store, "GET", "inventory-items", query, null);
    }

    public ObjectNode getInventoryItem(StoreCredentials store, String itemId) {
        return (ObjectNode) send(store, "GET", "inventory-items/" + itemId, Map.of(), null).get("inventory_item");
    }

    /** OrderDesk does not say the new item's id: look it up by code with {@link #searchInventoryItems}. */
    public ObjectNode createInventoryItem(StoreCredentials store, ObjectNode item) {
        return send(store, "POST", "inventory-items", Map.of(), item);
    }

    /** {@code PUT /inventory-items/{id}}: replaces the whole item. */
    public ObjectNode replaceInventoryItem(StoreCredentials store, String itemId, ObjectNode item) {
        return send(store, "PUT", "inventory-items/" + itemId, Map.of(), item);
    }

    public ObjectNode deleteInventoryItem(StoreCredentials store, String itemId) {
        return send(store, "DELETE", "inventory-items/" + itemId, Map.of(), null);
    }

    private static ArrayNode array(ObjectNode envelope, String field) {
        JsonNode value = envelope.get(field);
        return value instanceof ArrayNode array ? array : JsonCodec.mapper().createArrayNode();
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
                .method(method, body == null ? null : RequestBody.create(JsonCodec.encodeBytes(body), JSON))
                .build();
        String where = method + " /" + path;
        gate.admit(store.storeId());
        try (Response response = http.newCall(request).execute()) {
            ObjectNode envelope = parse(response.body().bytes());
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

    private static ObjectNode parse(byte[] body) {
        try {
            return JsonCodec.tree(body) instanceof ObjectNode object ? object : null;
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
