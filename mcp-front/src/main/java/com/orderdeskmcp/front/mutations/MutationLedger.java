package com.orderdeskmcp.front.mutations;

import com.orderdeskmcp.model.audit.EventStoreSchema;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the front accepted ({@code front.accepted_mutation}) and what the workers recorded as the
 * outcome ({@code public.processed_mutation}, the worker's ledger), always read with the tenant.
 */
@Component
public class MutationLedger {

    /** One mutation as the tenant may see it; {@code event} is empty while it is pending. */
    public record Entry(String mutationId, String storeId, String kind, String subject, Instant acceptedAt,
                        Optional<MutationEvent> event) {
    }

    /** The answer to accepting a mutation with an idempotency key that was seen before. */
    public record Earlier(String mutationId, boolean sameRequest) {
    }

    private final JdbcTemplate jdbc;
    /** How this front reads the worker's ledger, once it has seen it as the current worker writes it. */
    private volatile LedgerShape ledgerSeen;

    public MutationLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the command as accepted, unless the tenant already used its idempotency key on this
     * store: then returns that earlier mutation (and whether it was the same request).
     */
    public Optional<Earlier> accept(MutationCommand command, String requestSha256) {
        var header = command.header();
        int inserted = jdbc.update("""
                        INSERT INTO front.accepted_mutation
                          (mutation_id, tenant_id, store_id, kind, subject, idempotency_key, request_sha256, requested_by, accepted_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (tenant_id, store_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING""",
                header.mutationId(), header.tenantId(), header.storeId(), command.kind(), command.subject(),
                header.idempotencyKey(), requestSha256, header.requestedBy(), Timestamp.from(header.acceptedAt()));
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.query("""
                        SELECT mutation_id, request_sha256 FROM front.accepted_mutation
                        WHERE tenant_id = ? AND store_id = ? AND idempotency_key = ?""",
                (rs, row) -> new Earlier(rs.getString(1), rs.getString(2).equals(requestSha256)),
                header.tenantId(), header.storeId(), header.idempotencyKey()).stream().findFirst();
    }

    public void markQueued(String mutationId) {
        jdbc.update("UPDATE front.accepted_mutation SET queued = TRUE WHERE mutation_id = ?", mutationId);
    }

    /** Kafka did not take it: forget it, so the same idempotency key can be tried again. */
    public void forget(String mutationId) {
        jdbc.update("DELETE FROM front.accepted_mutation WHERE mutation_id = ? AND NOT queued", mutationId);
    }

    /** The outcome the workers recorded, if any. */
    public Optional<MutationEvent> outcome(String tenantId, String mutationId) {
        LedgerShape ledger = ledger();
        if (ledger == LedgerShape.NONE) {
            return Optional.empty();
        }
        return jdbc.query("SELECT " + ledger.eventJson + " FROM public.processed_mutation p" + ledger.join
                                + "WHERE p.mutation_id = ? AND p.tenant_id = ?",
                        (rs, row) -> rs.getString(1), mutationId, tenantId)
                .stream().findFirst().map(json -> JsonCodec.decode(json, MutationEvent.class));
    }

    public Optional<Entry> find(String tenantId, String mutationId) {
        Optional<MutationEvent> event = outcome(tenantId, mutationId);
        Optional<Entry> accepted = jdbc.query("""
                        SELECT mutation_id, store_id, kind, subject, accepted_at FROM front.accepted_mutation
                        WHERE mutation_id = ? AND tenant_id = ?""",
                (rs, row) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), event), mutationId, tenantId).stream().findFirst();
        return accepted.or(() -> event.map(e -> new Entry(e.mutationId(), e.header().storeId(), e.kind(), e.subject(),
                e.header().acceptedAt(), event)));
    }

    /** The tenant's most recent mutations of a store, optionally of one order (or subject), newest first. */
    public List<Entry> recent(String tenantId, String storeId, String subject, int limit, int offset) {
        LedgerShape ledger = ledger();
        boolean joined = ledger != LedgerShape.NONE;
        String sql = "SELECT a.mutation_id, a.store_id, a.kind, a.subject, a.accepted_at, "
                + (joined ? ledger.eventJson : "NULL") + " FROM front.accepted_mutation a "
                + (joined ? "LEFT JOIN public.processed_mutation p ON p.mutation_id = a.mutation_id AND p.tenant_id = a.tenant_id"
                        + ledger.join : "")
                + "WHERE a.tenant_id = ? AND a.store_id = ? " + (subject != null ? "AND a.subject = ? " : "")
                + "ORDER BY a.accepted_at DESC, a.mutation_id LIMIT ? OFFSET ?";
        List<Object> args = new ArrayList<>(List.of(tenantId, storeId));
        if (subject != null) {
            args.add(subject);
        }
        args.add(limit);
        args.add(offset);
        return jdbc.query(sql, (rs, row) -> {
            String json = rs.getString(6);
            return new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getTimestamp(5).toInstant(),
                    json == null ? Optional.empty() : Optional.of(JsonCodec.decode(json, MutationEvent.class)));
        }, args.toArray());
    }

    /**
     * The worker creates its ledger when it first starts; until then nothing has an outcome. A worker
     * from before its ledger named its events (migration {@code V2}) writes a copy of each event into
     * the row instead: read as such until the worker is upgraded, so fronts may be upgraded first.
     */
    private enum LedgerShape {
        NONE("NULL", ""),
        COPIES("p.event_json", " "),
        NAMES_EVENTS(EventStoreSchema.LEDGER_EVENT_JSON, EventStoreSchema.LEDGER_JOIN_EVENT);

        final String eventJson;
        final String join;

        LedgerShape(String eventJson, String join) {
            this.eventJson = eventJson;
            this.join = join;
        }
    }

    private LedgerShape ledger() {
        LedgerShape seen = ledgerSeen;
        if (seen != LedgerShape.NAMES_EVENTS) {
            seen = jdbc.queryForObject("""
                    SELECT to_regclass('public.processed_mutation') IS NOT NULL, EXISTS (
                      SELECT 1 FROM information_schema.columns WHERE table_schema = 'public'
                      AND table_name = 'processed_mutation' AND column_name = 'event_identifier')""",
                    (rs, row) -> !rs.getBoolean(1) ? LedgerShape.NONE
                            : rs.getBoolean(2) ? LedgerShape.NAMES_EVENTS : LedgerShape.COPIES);
            ledgerSeen = seen;
        }
        return seen;
    }
}
