package com.orderdeskmcp.sandbox;

import java.time.Instant;

/**
 * One API request as the sandbox saw it, for assertions in tests.
 *
 * @param storeId the {@code ORDERDESK-STORE-ID} header as sent (even when authentication failed), or null
 * @param method the effective method (X-HTTP-Method-Override applied)
 * @param path the full path with query string, e.g. {@code /api/v2/orders?limit=5}
 * @param orderId the order the path addresses ({@code /orders/{id}...}), or null
 * @param status the HTTP status the sandbox answered with
 * @param body the request body, "" when there was none
 */
public record RecordedRequest(
    Instant at, String storeId, String method, String path, String orderId, int status, String body) {
}
