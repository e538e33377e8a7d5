package com.orderdeskmcp.front.audit;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationEvent;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * One row of {@code front.audit_event} as the projection writes it, read from the stored payload's
 * bytes in one streaming pass: the scalar fields the read model indexes, and the number of attempts.
 * The JSON values ({@code requested}, {@code sent}, {@code result}, {@code attempts}, ...) are only
 * skipped: the queries read them from the payload when they answer. No tree, no typed decoding, no
 * copy of the JSON: a replay reads a million events of several kilobytes each.
 *
 * <p>It yields what {@link AuditRecord#of} yields from the typed {@link MutationEvent} (a test
 * compares them for every event type). Anything it does not expect (an unknown type, a missing
 * header field, a value of an unexpected shape, a malformed document) sends the event to that typed
 * path instead, which decides: a row, or an event nobody can read.
 */
record ProjectedRow(long globalIndex, String stream, long sequence, String hash, String mutationId, String tenantId,
                    String storeId, String subject, String orderId, String kind, String outcome, String stateChange,
                    String requestedBy, Instant acceptedAt, Instant completedAt, int attemptCount, String reason) {

    private static final JsonFactory JSON = JsonCodec.mapper().getFactory();

    /** The event types the event store may hold: MutationEvent's subtypes, by the name they are stored under. */
    private static final Set<String> TYPES = Arrays.stream(MutationEvent.class.getAnnotation(JsonSubTypes.class).value())
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

    static ProjectedRow read(long globalIndex, String stream, long sequence, String hash, byte[] payload) {
        try {
            ProjectedRow row = stream(globalIndex, stream, sequence, hash, payload);
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
                r.acceptedAt(), r.completedAt(), r.attempts() == null ? 0 : r.attempts().size(), r.reason());
    }

    /** The streaming read, or null when the event is not of the expected shape. */
    private static ProjectedRow stream(long globalIndex, String stream, long sequence, String hash, byte[] payload)
            throws IOException {
        String type = null, mutationId = null, tenantId = null, storeId = null, requestedBy = null, acceptedAt = null;
        String subject = null, kind = null, completedAt = null, reason = null;
        int attemptCount = 0;
        Integer upstreamStatus = null;
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> type = text(p, value);
                    case "subject" -> subject = text(p, value);
                    case "kind" -> kind = text(p, value);
                    case "completedAt" -> completedAt = text(p, value);
                    case "reason" -> reason = text(p, value);
                    case "upstreamStatus" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            return null;
                        }
                        upstreamStatus = p.getIntValue();
                    }
                    case "header" -> {
                        if (value != JsonToken.START_OBJECT) {
                            return null;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            JsonToken v = p.nextToken();
                            switch (name) {
                                case "mutationId" -> mutationId = text(p, v);
                                case "tenantId" -> tenantId = text(p, v);
                                case "storeId" -> storeId = text(p, v);
                                case "requestedBy" -> requestedBy = text(p, v);
                                case "acceptedAt" -> acceptedAt = text(p, v);
                                default -> p.skipChildren();
                            }
                        }
                    }
                    case "attempts" -> {
                        if (value == JsonToken.START_ARRAY) {
                            int n = 0;
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                p.skipChildren();
                                n++;
                            }
                            attemptCount = n;
                        } else if (value == JsonToken.VALUE_NULL) {
                            attemptCount = 0;
                        } else {
                            return null;
                        }
                    }
                    case "appliedWith", "changes" -> {
                        // Not read here, but of the shape the typed event has (else the typed path decides).
                        if (value != JsonToken.VALUE_NULL && value != JsonToken.START_ARRAY) {
                            return null;
                        }
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        }
        if (type == null || !TYPES.contains(type) || mutationId == null || tenantId == null || storeId == null
                || acceptedAt == null || subject == null || completedAt == null) {
            return null;
        }
        boolean kindStored = KIND_STORED.contains(type);
        if (kindStored && kind == null || "MutationRejected".equals(type) && upstreamStatus == null) {
            return null;
        }
        if (!kindStored) {
            kind = KINDS.get(type);
            if (kind == null) {
                return null; // the typed path reads it, and teaches us the type's kind
            }
        }
        // As MutationEvent.orderId(): no order id for inventory items and not-yet-created orders.
        String orderId = subject.startsWith("inventory/") || subject.startsWith("new/") ? null : subject;
        return new ProjectedRow(globalIndex, stream, sequence, hash, mutationId, tenantId, storeId, subject, orderId,
                kind, type, AuditRecord.stateChangeOf(type), requestedBy, Instant.parse(acceptedAt),
                Instant.parse(completedAt), attemptCount, AuditRecord.reasonOf(type, upstreamStatus, reason));
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new IOException("not a string");
        }
        return p.getText();
    }
}
