package com.orderdeskmcp.front.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationEvent;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One stored terminal event as the audit queries answer with it: the scalar fields of its row in the
 * read model ({@code front.audit_event}, an index of the event store) and the JSON values
 * ({@code attempts}, {@code requested}, {@code sent}, {@code result}, {@code appliedWith},
 * {@code changes}) of its payload as stored ({@link #withPayload}).
 *
 * @param stateChange {@code order} when {@code result} is the whole order, {@code deleted} when the
 *                    event deleted the order, null when the event says nothing about the whole order
 * @param changes     what an update changed, as the worker recorded it ({@code [{path, before, after}]});
 *                    null where it was not recorded
 * @param attemptCount how many attempts {@code attempts} lists: the read model keeps it, so it is there
 *                    even when the payload cannot be read
 */
public record AuditRecord(long globalIndex, String stream, long sequence, String hash, String mutationId,
                          String tenantId, String storeId, String subject, String orderId, String kind,
                          String outcome, String stateChange, String requestedBy, Instant acceptedAt,
                          Instant completedAt, JsonNode attempts, JsonNode requested, JsonNode sent,
                          JsonNode result, List<String> appliedWith, String reason, JsonNode changes,
                          int attemptCount) {

    /** The record of one stored event: its position and chain hash, and its payload (the event's JSON). */
    public static AuditRecord of(long globalIndex, String stream, long sequence, String hash, JsonNode payload) {
        MutationEvent event;
        try {
            event = JsonCodec.mapper().treeToValue(payload, MutationEvent.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("event " + stream + "#" + sequence + " is not a mutation event", e);
        }
        var header = event.header();
        String type = event.getClass().getSimpleName();
        List<String> appliedWith = event instanceof MutationEvent.OrderMutated m && m.appliedWith() != null
                ? m.appliedWith() : List.of();
        String reason = switch (event) {
            case MutationEvent.MutationRejected r -> reasonOf(type, r.upstreamStatus(), r.reason());
            case MutationEvent.MutationFailed f -> reasonOf(type, null, f.reason());
            default -> reasonOf(type, null, null);
        };
        JsonNode attempts = present(payload.get("attempts"));
        return new AuditRecord(globalIndex, stream, sequence, hash, header.mutationId(), header.tenantId(),
                header.storeId(), event.subject(), event.orderId().orElse(null), event.kind(),
                payload.path("type").asText(type), stateChangeOf(type), header.requestedBy(),
                header.acceptedAt(), event.completedAt(), attempts,
                present(payload.get("requested")), present(payload.get("sent")), present(payload.get("result")),
                appliedWith, reason, event instanceof MutationEvent.OrderMutated ? present(payload.get("changes")) : null,
                attempts == null ? 0 : attempts.size());
    }

    /** The record of a read-model row (the event's scalar fields): no JSON values until {@link #withPayload}. */
    static AuditRecord indexed(long globalIndex, String stream, long sequence, String hash, String mutationId,
                               String tenantId, String storeId, String subject, String orderId, String kind,
                               String outcome, String stateChange, String requestedBy, Instant acceptedAt,
                               Instant completedAt, int attemptCount, String reason) {
        return new AuditRecord(globalIndex, stream, sequence, hash, mutationId, tenantId, storeId, subject, orderId,
                kind, outcome, stateChange, requestedBy, acceptedAt, completedAt, null, null, null, null, List.of(),
                reason, null, attemptCount);
    }

    /**
     * This record's scalar fields (the read model's row) with the JSON values of the event's stored
     * payload, as {@link #of} reads them but without decoding the typed event (an export reads every
     * payload of its range). A payload that is gone or cannot be read (the event was altered or removed
     * after it was projected) leaves the record as it is, without them: the answer still lists the
     * event, and verification is what names it.
     */
    AuditRecord withPayload(byte[] payload) {
        if (payload == null) {
            return this;
        }
        JsonNode stored;
        try {
            stored = JsonCodec.mapper().readTree(payload);
        } catch (IOException | RuntimeException e) {
            return this;
        }
        String type = stored == null || !stored.isObject() ? null : stored.path("type").asText();
        if (type == null || !ProjectedRow.TYPES.contains(type)) {
            return this;
        }
        boolean mutated = type.equals("OrderMutated");
        List<String> appliedWith = List.of();
        JsonNode with = mutated ? present(stored.get("appliedWith")) : null;
        if (with != null) {
            if (!with.isArray()) {
                return this;
            }
            List<String> ids = new ArrayList<>(with.size());
            for (JsonNode id : with) {
                if (!id.isTextual()) {
                    return this;
                }
                ids.add(id.asText());
            }
            appliedWith = List.copyOf(ids);
        }
        return new AuditRecord(globalIndex, stream, sequence, hash, mutationId, tenantId, storeId, subject, orderId,
                kind, outcome, stateChange, requestedBy, acceptedAt, completedAt, present(stored.get("attempts")),
                present(stored.get("requested")), present(stored.get("sent")), present(stored.get("result")),
                appliedWith, reason, mutated ? present(stored.get("changes")) : null, attemptCount);
    }

    /** What an event of this type says about the whole order: see {@code stateChange}. Both projection paths use it. */
    static String stateChangeOf(String type) {
        return switch (type) {
            case "OrderCreated", "OrderMutated" -> "order";
            case "OrderDeleted" -> "deleted";
            default -> null;
        };
    }

    /** Why a mutation of this type did not apply, in words; null for one that did. Both projection paths use it. */
    static String reasonOf(String type, Integer upstreamStatus, String reason) {
        return switch (type) {
            case "MutationRejected" -> "OrderDesk answered " + upstreamStatus + ": " + reason;
            case "MutationFailed" -> reason;
            case "ConflictExhausted" -> "the order kept changing during every attempt to write it";
            default -> null;
        };
    }

    /** Whether the outcome took effect upstream. */
    public boolean applied() {
        return !List.of("ConflictExhausted", "MutationRejected", "MutationFailed").contains(outcome);
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }
}
