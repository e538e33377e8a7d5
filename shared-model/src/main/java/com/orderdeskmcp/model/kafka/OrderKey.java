package com.orderdeskmcp.model.kafka;

import java.util.Objects;

/**
 * The Kafka message key and event-stream id of one order: store + order. All mutations of one
 * order hash to one partition, which is what keeps them in accepted order.
 */
public record OrderKey(String storeId, String orderId) {

    private static final char SEPARATOR = '/';

    public OrderKey {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(orderId, "orderId");
        if (storeId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("store id must not contain '/'");
        }
    }

    public String value() {
        return storeId + SEPARATOR + orderId;
    }

    public static OrderKey parse(String value) {
        int at = value.indexOf(SEPARATOR);
        if (at <= 0 || at == value.length() - 1) {
            throw new IllegalArgumentException("not an order key: " + value);
        }
        return new OrderKey(value.substring(0, at), value.substring(at + 1));
    }

    @Override
    public String toString() {
        return value();
    }
}
