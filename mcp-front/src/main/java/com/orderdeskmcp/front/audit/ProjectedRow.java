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

        /** Takes one member of the payload, if it is one the row needs. */
        void read(byte[] payload, String field, int start, int end) throws IOException {
            switch (field) {
                case "type" -> type = JsonMembers.string(payload, start, end);
                case "subject" -> subject = JsonMembers.string(payload, start, end);
                case "kind" -> kind = JsonMembers.string(payload, start, end);
                case "completedAt" -> completedAt = JsonMembers.string(payload, start, end);
                case "reason" -> reason = JsonMembers.string(payload, start, end);
                case "upstreamStatus" -> upstreamStatus = integer(payload, start, end);
                case "header" -> unexpected |= !JsonMembers.members(payload, start, end, (name, from, to) -> {
                    switch (name) {
                        case "mutationId" -> mutationId = JsonMembers.string(payload, from, to);
                        case "tenantId" -> tenantId = JsonMembers.string(payload, from, to);
                        case "storeId" -> storeId = JsonMembers.string(payload, from, to);
                        case "requestedBy" -> requestedBy = JsonMembers.string(payload, from, to);
                        case "acceptedAt" -> acceptedAt = JsonMembers.string(payload, from, to);
                        default -> {
                        }
                    }
                });
                case "attempts" -> {
                    int n = JsonMembers.isNull(payload, start, end) ? 0 : JsonMembers.elements(payload, start, end);
                    unexpected |= n < 0;
                    attemptCount = n;
                }
                // Not read here, but of the shape the typed event has (else the typed path decides).
                case "appliedWith", "changes" -> unexpected |= !JsonMembers.isNull(payload, start, end) && payload[start] != '[';
                default -> {
                }
            }
        }

        /** The row, or null when the event is not of the expected shape. */
        ProjectedRow row(long globalIndex, String stream, long sequence, String hash) {
            if (unexpected || type == null || !TYPES.contains(type) || mutationId == null || tenantId == null
                    || storeId == null || acceptedAt == null || subject == null || completedAt == null) {
                return null;
            }
            boolean kindStored = KIND_STORED.contains(type);
            if (kindStored && kind == null || "MutationRejected".equals(type) && upstreamStatus == null) {
                return null;
            }
            // The failures store the kind they ended; for the other types it is a constant of the type.
            String rowKind = kindStored ? kind : KINDS.get(type);
            if (rowKind == null) {
                return null; // the typed path reads it, and teaches us the type's kind
            }
            // As MutationEvent.orderId(): no order id for inventory items and not-yet-created orders.
            String orderId = subject.startsWith("inventory/") || subject.startsWith("new/") ? null : subject;
            return new ProjectedRow(globalIndex, stream, sequence, hash, mutationId, tenantId, storeId, subject,
                    orderId, rowKind, type, AuditRecord.stateChangeOf(type), requestedBy, Instant.parse(acceptedAt),
                    Instant.parse(completedAt), attemptCount, AuditRecord.reasonOf(type, upstreamStatus, reason));
        }
    }

    /** The streaming read, or null when the event is not of the expected shape. */
    static ProjectedRow streamed(long globalIndex, String stream, long sequence, String hash, byte[] payload)
            throws IOException {
        Fields f = new Fields();
        if (!JsonMembers.members(payload, 0, payload.length, (field, start, end) -> f.read(payload, field, start, end))) {
            return null;
        }
        return f.row(globalIndex, stream, sequence, hash);
    }

    /**
     * Members of a canonical payload that sort at or after this name are not needed for the row, except
     * {@code subject}, {@code type} and {@code upstreamStatus}, which {@link #prefixed} takes from elsewhere.
     * The ones before it are small; from it on come the orders an event holds ({@code requested},
     * {@code result}, {@code sent}).
     */
    static final String FIRST_NOT_NEEDED = "requested";

    /** The type id of each event class, by the class name the event store's {@code payload_type} column holds. */
    private static final Map<String, String> TYPE_OF_CLASS = Arrays.stream(
                    MutationEvent.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(t -> t.value().getName(), JsonSubTypes.Type::name));

    /**
     * The row from the first bytes of a stored payload, for the replay, which then need not have
     * PostgreSQL decompress and send the orders an event holds. Only for a payload in canonical form
     * (members in sorted order, as the worker stores them, {@code HashChain}): every field the row
     * needs sorts before {@value #FIRST_NOT_NEEDED}, except the type, taken from the event store's
     * {@code payload_type}, and the subject, taken from the stream, whose name is the store id, a
     * slash and the subject (the event's key). For an authentic event they are the values the payload
     * holds, and verify checks both (the stream and the type enter the hash). Null when the prefix is
     * anything else, or of a {@code MutationRejected}, whose {@code upstreamStatus} sorts last: the
     * caller reads the whole payload.
     */
    static ProjectedRow prefixed(long globalIndex, String stream, long sequence, String hash, String payloadType,
                                 byte[] prefix) throws IOException {
        String type = payloadType == null ? null : TYPE_OF_CLASS.get(payloadType);
        if (type == null || "MutationRejected".equals(type)) {
            return null;
        }
        Fields f = new Fields();
        String[] previous = {""};
        JsonMembers.Walk walk = JsonMembers.membersBefore(prefix, 0, prefix.length,
                name -> name.compareTo(FIRST_NOT_NEEDED) >= 0, (field, start, end) -> {
                    f.unexpected |= field.compareTo(previous[0]) <= 0; // not in canonical order
                    previous[0] = field;
                    f.read(prefix, field, start, end);
                });
        if (walk != JsonMembers.Walk.STOPPED || f.storeId == null || !stream.startsWith(f.storeId)
                || stream.length() <= f.storeId.length() + 1 || stream.charAt(f.storeId.length()) != '/') {
            return null;
        }
        f.type = type;
        f.subject = stream.substring(f.storeId.length() + 1);
        return f.row(globalIndex, stream, sequence, hash);
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
