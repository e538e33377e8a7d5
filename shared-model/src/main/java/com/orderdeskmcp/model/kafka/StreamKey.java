package com.orderdeskmcp.model.kafka;

import java.util.Objects;

/**
 * The Kafka message key of a mutation and the id of its event stream: store + subject. The subject
 * is an order id, {@code inventory/<id>} for an inventory item, or {@code new/<mutation id>} for a
 * create whose id is not known yet. All mutations of one subject hash to one partition, which is
 * what keeps them in accepted order.
 */
public record StreamKey(String storeId, String subject) {

    private static final char SEPARATOR = '/';

    public StreamKey {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(subject, "subject");
        if (storeId.isEmpty() || storeId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("store id must be non-empty and must not contain '/'");
        }
    }

    public static StreamKey order(String storeId, String orderId) {
        return new StreamKey(storeId, orderId);
    }

    public static StreamKey inventoryItem(String storeId, String itemId) {
        return new StreamKey(storeId, "inventory/" + itemId);
    }

    public String value() {
        return storeId + SEPARATOR + subject;
    }

    public static StreamKey parse(String value) {
        int at = value.indexOf(SEPARATOR);
        if (at <= 0 || at == value.length() - 1) {
            throw new IllegalArgumentException("not a stream key: " + value);
        }
        return new StreamKey(value.substring(0, at), value.substring(at + 1));
    }

    /**
     * The store part of a key as found on a record, without checking the rest: what a consumer can
     * group by even for a record it cannot decode (a value without the separator is taken whole).
     */
    public static String storeIdOf(String value) {
        int at = value.indexOf(SEPARATOR);
        return at < 0 ? value : value.substring(0, at);
    }

    @Override
    public String toString() {
        return value();
    }
}
