package com.orderdeskmcp.model.client;

import java.util.Objects;

/** What OrderDesk needs to answer for one store. The key never leaves this record in text form. */
public record StoreCredentials(String storeId, String apiKey) {

    public StoreCredentials {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(apiKey, "apiKey");
    }

    @Override
    public String toString() {
        return "StoreCredentials[storeId=" + storeId + ", apiKey=***]";
    }
}
