package com.orderdeskmcp.front.audit;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * One row of {@code front.audit_event} as the projection writes it, read from the stored payload's
 * bytes in one pass: the scalar fields the read model indexes, and the number of attempts. The JSON
 * values ({@code requested}, {@code sent}, {@code result}, {@code attempts}, ...) are only skipped, by
 * their brackets ({@link JsonMembers}): the queries read them from the payload when they answer. No
 * tree, no typed decoding, no copy of the JSON: a replay reads a million events of several kilobytes each.
 *
 * <p>It yields what {@link AuditRecord#of} yields from the typed {@link MutationEvent} (a test
 * compares them for every event type). Anything it does not expect (an unknown type, a missing
 * header field, a value of an unexpected shape, a malformed document) sends the event to that typed
 * path instead, which decides: a row, or an event nobody can read.
 */
record ProjectedRow(long globalIndex, String stream, long sequence, String hash, String mutationId, String tenantId,
                    String storeId, String subject, String orderId, String kind, String outcome, String stateChange,
                    String requestedBy, Instant acceptedAt, Instant completedAt, int attemptCount, String reason) {

    /** The event types the event store may hold: MutationEvent's subtypes, by the name they are stored under. */
    static final Set<String> TYPES = Arrays.stream(MutationEvent.class.getAnnotation(JsonSubTypes.class).value())
            .map(JsonSubTypes.Type::name).collect(Collectors.toUnmodifiableSet());

    /** The types that store the kind they ended (a {@code kind} record component): the failures. */
    private static final Set<String> KIND_STORED = Arrays.stream(MutationEvent.class.getAnnotation(JsonSubTypes.class).value())
            .filter(t -> Arrays.stream(t.value().getRecordComponents()).anyMatch(c -> c.getName().equals("kind")))
            .map(JsonSubTypes.Type::name).collect(Collectors.toUnmodifiableSet());

    /**
     * The command kind of each other type: there {@link MutationEvent#kind()} returns a constant of the
     * type, learnt from the first event of the type that the typed path reads.
     */
    private static final Map<String, String> KINDS = new ConcurrentHashMap<>();

    /** This row at another position in the event store. */
    ProjectedRow at(long position) {
        return position == globalIndex ? this : new ProjectedRow(position, stream, sequence, hash, mutationId, tenantId,
                storeId, subject, orderId, kind, outcome, stateChange, requestedBy, acceptedAt, completedAt,
                attemptCount, reason);
    }

    static ProjectedRow read(long globalIndex, String stream, long sequence, String hash, byte[] payload) {
        try {
            ProjectedRow row = streamed(globalIndex, stream, sequence, hash, payload);
            if (row != null) {
                return row;
            }
        } catch (IOException | RuntimeException e) {
            // not what the fast path expects: the typed path decides
        }
        return typed(globalIndex, stream, sequence, hash, payload);
    }

    /** Through the typed event, as {@link AuditRecord#of} reads it; throws for an event that is no mutation event. */
    static ProjectedRow typed(long globalIndex, String stream, long sequence, String hash, byte[] payload) {
        AuditRecord r;
        try {
            r = AuditRecord.of(globalIndex, stream, sequence, hash, JsonCodec.mapper().readTree(payload));
        } catch (IOException e) {
            throw new IllegalArgumentException("event " + stream + "#" + sequence + " is not JSON", e);
        }
        if (TYPES.contains(r.outcome()) && !KIND_STORED.contains(r.outcome())) {
            KINDS.putIfAbsent(r.outcome(), r.kind());
        }
        return new ProjectedRow(r.globalIndex(), r.stream(), r.sequence(), r.hash(), r.mutationId(), r.tenantId(),
                r.storeId(), r.subject(), r.orderId(), r.kind(), r.outcome(), r.stateChange(), r.requestedBy(),
                r.acceptedAt(), r.completedAt(), r.attemptCount(), r.reason());
    }

    /** The fields the streaming read looks for. */
    private static final class Fields {
        String type, mutationId, tenantId, storeId, requestedBy, acceptedAt, subject, kind, completedAt, reason;
        int attemptCount;
        Integer upstreamStatus;
        boolean unexpected;
    }

    /** The streaming read, or null when the event is not of the expected shape. */
    static ProjectedRow streamed(long globalIndex, String stream, long sequence, String hash, byte[] payload)
            throws IOException {
        Fields f = new Fields();
        boolean object = JsonMembers.members(payload, 0, payload.length, (field, start, end) -> {
            switch (field) {
                case "type" -> f.type = JsonMembers.string(payload, start, end);
                case "subject" -> f.subject = JsonMembers.string(payload, start, end);
                case "kind" -> f.kind = JsonMembers.string(payload, start, end);
                case "completedAt" -> f.completedAt = JsonMembers.string(payload, start, end);
                case "reason" -> f.reason = JsonMembers.string(payload, start, end);
                case "upstreamStatus" -> f.upstreamStatus = integer(payload, start, end);
                case "header" -> f.unexpected |= !JsonMembers.members(payload, start, end, (name, from, to) -> {
                    switch (name) {
                        case "mutationId" -> f.mutationId = JsonMembers.string(payload, from, to);
                        case "tenantId" -> f.tenantId = JsonMembers.string(payload, from, to);
                        case "storeId" -> f.storeId = JsonMembers.string(payload, from, to);
                        case "requestedBy" -> f.requestedBy = JsonMembers.string(payload, from, to);
                        case "acceptedAt" -> f.acceptedAt = JsonMembers.string(payload, from, to);
                        default -> {
                        }
                    }
                });
                case "attempts" -> {
                    int n = JsonMembers.isNull(payload, start, end) ? 0 : JsonMembers.elements(payload, start, end);
                    f.unexpected |= n < 0;
                    f.attemptCount = n;
                }
                // Not read here, but of the shape the typed event has (else the typed path decides).
                case "appliedWith", "changes" -> f.unexpected |= !JsonMembers.isNull(payload, start, end) && payload[start] != '[';
                default -> {
                }
            }
        });
        if (!object || f.unexpected) {
            return null;
        }
        if (f.type == null || !TYPES.contains(f.type) || f.mutationId == null || f.tenantId == null
                || f.storeId == null || f.acceptedAt == null || f.subject == null || f.completedAt == null) {
            return null;
        }
        boolean kindStored = KIND_STORED.contains(f.type);
        if (kindStored && f.kind == null || "MutationRejected".equals(f.type) && f.upstreamStatus == null) {
            return null;
        }
        // The failures store the kind they ended; for the other types it is a constant of the type.
        String kind = kindStored ? f.kind : KINDS.get(f.type);
        if (kind == null) {
            return null; // the typed path reads it, and teaches us the type's kind
        }
        // As MutationEvent.orderId(): no order id for inventory items and not-yet-created orders.
        String orderId = f.subject.startsWith("inventory/") || f.subject.startsWith("new/") ? null : f.subject;
        return new ProjectedRow(globalIndex, stream, sequence, hash, f.mutationId, f.tenantId, f.storeId, f.subject,
                orderId, kind, f.type, AuditRecord.stateChangeOf(f.type), f.requestedBy, Instant.parse(f.acceptedAt),
                Instant.parse(f.completedAt), f.attemptCount, AuditRecord.reasonOf(f.type, f.upstreamStatus, f.reason));
    }

    /** An integer value as a JSON parser reads it (digits, an optional minus), within int; else not expected. */
    private static Integer integer(byte[] json, int start, int end) throws IOException {
        int i = start < end && json[start] == '-' ? start + 1 : start;
        if (i == end || end - i > 9 || json[i] == '0' && end - i > 1) {
            throw new IOException("not an integer");
        }
        for (int k = i; k < end; k++) {
            if (json[k] < '0' || json[k] > '9') {
                throw new IOException("not an integer");
            }
        }
        return Integer.parseInt(new String(json, start, end - start, StandardCharsets.ISO_8859_1));
    }
}
