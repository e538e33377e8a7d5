package com.orderdeskmcp.front.audit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps {@code front.audit_event} (or a replay's new table) in step with the event store. The
 * processor hands it events in batches, each batch one transaction with its segment's token; rows
 * are collected per batch and written with one JDBC batch insert just before that transaction
 * commits, so a replay of a million events costs a thousand round trips, not a million. Each row is
 * read from the stored payload's bytes in one pass ({@link ProjectedRow}): no JSON tree, no typed
 * event, no re-encoding. The rows hold the event's scalar fields only, an index of the event store:
 * the queries read the JSON values from the stored payload ({@link AuditQueries}).
 */
final class AuditProjection implements EventMessageHandler {

    private static final Logger log = LoggerFactory.getLogger(AuditProjection.class);
    private static final String BATCH = AuditProjection.class.getName() + ".batch";
    /** The read model's columns, in the order both the batch insert and the replay's COPY write them. */
    static final String COLUMNS = "global_index, stream, sequence_number, event_hash, mutation_id, tenant_id, "
            + "store_id, subject, order_id, kind, outcome, state_change, requested_by, accepted_at, completed_at, "
            + "attempt_count, reason";
    private static final String INSERT = "INSERT INTO front.%s (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (global_index) DO NOTHING";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final String insertSql;

    /** Projects into {@code front.<table>} (a name of ours, never input). */
    AuditProjection(JdbcTemplate jdbc, Serializer serializer, String table) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.insertSql = INSERT.formatted(table);
    }

    /** A row to insert, and the event it was read from: its position is looked up when the batch is written. */
    private record Pending(String eventIdentifier, ProjectedRow row) {
    }

    @Override
    public Object handle(EventMessage<?> event) {
        if (!(event instanceof DomainEventMessage<?> domain) || !(event instanceof TrackedEventMessage<?> tracked)) {
            return null;
        }
        // Not the event's own position when it filled a gap (it committed after events behind it were
        // read): the token then stays at the highest position read. The real one is looked up in insert.
        long globalIndex = tracked.trackingToken().position().orElseThrow();
        ProjectedRow record = project(globalIndex, domain.getAggregateIdentifier(), domain.getSequenceNumber(),
                // The stored bytes as they are (same serializer as the storage engine: no conversion at all).
                () -> event.serializePayload(serializer, byte[].class).getData(),
                () -> event.getMetaData().get("hash") instanceof Object hash ? hash.toString() : null);
        if (record != null) {
            batch().add(new Pending(event.getIdentifier(), record));
        }
        return null;
    }

    /**
     * An event's row, or null for an event nobody can read (forged or corrupt): that must not stop the
     * projection, and verify names it. The processor and the replay's copy ({@link ReplayBulk}) both
     * project through here.
     */
    static ProjectedRow project(long position, String stream, long sequence, Supplier<byte[]> payload,
                                Supplier<String> hash) {
        try {
            byte[] bytes = payload.get();
            return ProjectedRow.read(position, stream, sequence, hash.get(), bytes);
        } catch (RuntimeException e) {
            log.warn("audit projection skips event {} of {}: {}", position, stream, e.getMessage());
            return null;
        }
    }

    /** A replay builds a new table with a processor of its own ({@link AuditReplay}), never resets this one. */
    @Override
    public boolean supportsReset() {
        return false;
    }

    private List<Pending> batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BATCH, key -> {
            List<Pending> rows = new ArrayList<>();
            root.onPrepareCommit(unit -> insert(rows));
            return rows;
        });
    }

    private void insert(List<Pending> pending) {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Long> positions = new HashMap<>();
        jdbc.query("SELECT event_identifier, global_index FROM public.domain_event_entry WHERE event_identifier = ANY (?)",
                (RowCallbackHandler) rs -> positions.put(rs.getString(1), rs.getLong(2)),
                (Object) pending.stream().map(Pending::eventIdentifier).toArray(String[]::new));
        List<ProjectedRow> rows = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            Long position = positions.get(p.eventIdentifier());
            if (position == null) {
                log.warn("audit projection skips event {} of {}: no longer in the event store", p.eventIdentifier(),
                        p.row().stream());
            } else {
                rows.add(p.row().at(position));
            }
        }
        jdbc.batchUpdate(insertSql, rows, rows.size(), (statement, r) -> {
            statement.setLong(1, r.globalIndex());
            statement.setString(2, r.stream());
            statement.setLong(3, r.sequence());
            statement.setString(4, r.hash());
            statement.setString(5, r.mutationId());
            statement.setString(6, r.tenantId());
            statement.setString(7, r.storeId());
            statement.setString(8, r.subject());
            statement.setString(9, r.orderId());
            statement.setString(10, r.kind());
            statement.setString(11, r.outcome());
            statement.setString(12, r.stateChange());
            statement.setString(13, r.requestedBy());
            statement.setTimestamp(14, Timestamp.from(r.acceptedAt()));
            statement.setTimestamp(15, Timestamp.from(r.completedAt()));
            statement.setInt(16, r.attemptCount());
            statement.setString(17, r.reason());
        });
    }
}
