package com.orderdeskmcp.model.mutation;

import java.time.Instant;
import java.util.Objects;

/**
 * What every command and every terminal event carries about the mutation itself. Never credentials.
 *
 * @param mutationId     unique per mutation; the idempotency key of everything downstream
 * @param idempotencyKey the client's own key, when it gave one (the same key returns the same mutation)
 * @param requestedBy    who asked, for the audit trail: the tenant's token prefix, never the token
 * @param acceptedAt     when the front handed it to Kafka (acks=all); from then on it is the system's to finish
 */
public record MutationHeader(String mutationId, String tenantId, String storeId, String idempotencyKey,
                             String requestedBy, Instant acceptedAt) {

    public MutationHeader {
        Objects.requireNonNull(mutationId, "mutationId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }
}
