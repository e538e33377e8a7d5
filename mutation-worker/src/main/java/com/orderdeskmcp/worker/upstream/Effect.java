package com.orderdeskmcp.worker.upstream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a mutation did upstream.
 *
 * @param subject the order id or {@code inventory/<id>} it acted on (for a create: what it created)
 * @param sent    what went to OrderDesk
 * @param result  what OrderDesk holds or answered afterwards
 */
public record Effect(String subject, JsonNode sent, JsonNode result) {
}
