package com.orderdeskmcp.front.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.front.reads.ReadCache;
import com.orderdeskmcp.front.stores.StoreRegistry;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.StreamKey;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.CacheInvalidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * OrderDesk's "Post Order JSON" notification: an order changed outside this system. The form field
 * {@code order} is signed with the store's API key ({@code X-ORDER-DESK-HASH}: hex HMAC-SHA256); a
 * valid notification evicts the order here at once and, through Kafka, on every other instance.
 * An unknown store and a wrong signature get the same 401, so the endpoint says nothing about which
 * stores are registered.
 */
@RestController
class OrderDeskWebhook {

    private static final Logger log = LoggerFactory.getLogger(OrderDeskWebhook.class);
    private static final Map<String, String> UNAUTHORIZED = Map.of("error", "unauthorized",
            "message", "the X-ORDER-DESK-HASH signature does not match");

    private final StoreRegistry registry;
    private final ReadCache cache;
    private final KafkaTemplate<String, String> kafka;

    OrderDeskWebhook(StoreRegistry registry, ReadCache cache, KafkaTemplate<String, String> kafka) {
        this.registry = registry;
        this.cache = cache;
        this.kafka = kafka;
    }

    @PostMapping(path = "/webhooks/orderdesk/{store}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> orderChanged(@PathVariable("store") String storeId,
                                                     @RequestHeader(name = "X-ORDER-DESK-HASH", required = false) String signature,
                                                     @RequestParam(name = "order", required = false) String order) {
        if (order == null || signature == null || !storeId.matches(StoreRegistry.STORE_ID) || order.length() > 2_000_000) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(UNAUTHORIZED);
        }
        List<StoreCredentials> candidates = registry.credentialsOfAnyTenant(storeId);
        boolean valid = false;
        for (StoreCredentials candidate : candidates) {
            valid |= signatureMatches(order, candidate.apiKey(), signature);
        }
        if (!valid) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(UNAUTHORIZED);
        }
        String orderId;
        try {
            JsonNode parsed = JsonCodec.tree(order);
            orderId = parsed.path("id").asText("");
        } catch (JsonCodec.JsonCodecException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "bad_request", "message", "order is not JSON"));
        }
        if (!orderId.matches("[A-Za-z0-9_-]{1,64}")) {
            return ResponseEntity.badRequest().body(Map.of("error", "bad_request", "message", "order has no id"));
        }
        // One invalidation per tenant holding the store would be the same eviction: the cache evicts by store.
        CacheInvalidation invalidation = new CacheInvalidation("webhook", storeId, List.of(orderId), true, false,
                "webhook/" + UUID.randomUUID(), Instant.now());
        cache.invalidate(invalidation);
        kafka.send(Topics.INVALIDATIONS, StreamKey.order(storeId, orderId).value(), JsonCodec.encode(invalidation))
                .whenComplete((sent, failure) -> {
                    if (failure != null) {
                        log.warn("could not publish the webhook invalidation of store {} order {}: {}", storeId,
                                orderId, failure.getClass().getSimpleName());
                    }
                });
        return ResponseEntity.ok(Map.of("status", "ok"));
    }

    /** Constant-time comparison of the hex HMAC-SHA256 of {@code body} keyed with {@code apiKey}. */
    static boolean signatureMatches(String body, String apiKey, String signature) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, signature.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
