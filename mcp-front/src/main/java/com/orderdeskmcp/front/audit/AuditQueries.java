package com.orderdeskmcp.front.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.orderdeskmcp.front.security.Tenant;
import com.orderdeskmcp.front.stores.StoreRegistry;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.orders.OrderDiff;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The auditor's questions, answered from the read model. Every query takes the caller and filters
 * by its tenant in SQL: another tenant's history is never read, so it cannot leak.
 */
@Service
public class AuditQueries {

    /** What a search may filter on; null means "any". Times filter on when the mutation was accepted. */
    public record Criteria(Instant from, Instant to, String storeId, String orderId, String kind, String outcome) {
    }

    public record Page(List<AuditRecord> items, Integer nextOffset) {
    }

    /** One event of an order's timeline, with what it changed in the order. */
    public record TimelineEntry(AuditRecord record, List<OrderDiff.Change> diff) {
    }

    public record History(String storeId, String orderId, List<TimelineEntry> events) {
    }

    /** The order as our mutations left it at {@code at}: null if none had (or it was deleted). */
    public record OrderState(String storeId, String orderId, Instant at, JsonNode order, String mutationId,
                             String state) {
    }

    private static final String COLUMNS = """
            global_index, stream, sequence_number, event_hash, mutation_id, tenant_id, store_id, subject, order_id,
            kind, outcome, state_change, requested_by, accepted_at, completed_at, attempts, requested, sent, result,
            applied_with, reason, changes""";

    private final JdbcTemplate jdbc;
    private final StoreRegistry stores;
    private final TransactionTemplate readOnly;

    public AuditQueries(JdbcTemplate jdbc, StoreRegistry stores, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public Optional<TimelineEntry> mutation(Tenant caller, String mutationId) {
        Optional<AuditRecord> found = jdbc.query("SELECT " + COLUMNS + " FROM front.audit_event "
                        + "WHERE mutation_id = ? AND tenant_id = ? ORDER BY global_index LIMIT 1", ROW, mutationId,
                caller.id()).stream().findFirst();
        return found.map(record -> new TimelineEntry(record, diff(record, record.orderId() == null ? null
                : previousState(caller, record))));
    }

    /**
     * The store an order's history is asked about: the one named (id or name, among the tenant's
     * stores; a store id that is no longer registered still has its history), else the only store of
     * the tenant whose history knows the order.
     */
    public String storeOf(Tenant caller, String requestedStore, String orderId) {
        if (requestedStore != null && !requestedStore.isBlank()) {
            return store(caller, requestedStore);
        }
        List<String> candidates = jdbc.queryForList("SELECT DISTINCT store_id FROM front.audit_event "
                + "WHERE tenant_id = ? AND order_id = ? ORDER BY store_id LIMIT 5", String.class, caller.id(), orderId);
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        if (candidates.isEmpty()) {
            var registered = stores.list(caller.id());
            if (registered.size() == 1) {
                return registered.getFirst().storeId();
            }
            throw new AuditProblem("name the store (store): no history of order " + orderId + " was found");
        }
        throw new AuditProblem("order " + orderId + " has history in several stores (" + String.join(", ", candidates)
                + "); name the store (store)");
    }

    /** A store named by id or name among the tenant's stores, else taken as a store id (history outlives a store). */
    public String store(Tenant caller, String requested) {
        return stores.find(caller.id(), requested.trim()).map(s -> s.storeId()).orElse(requested.trim());
    }

    public History history(Tenant caller, String storeId, String orderId) {
        List<AuditRecord> records = jdbc.query("SELECT " + COLUMNS + " FROM front.audit_event "
                + "WHERE tenant_id = ? AND store_id = ? AND order_id = ? ORDER BY global_index", ROW,
                caller.id(), storeId, orderId);
        return new History(storeId, orderId, timeline(records));
    }

    /** Each event with its diff against the order state the events before it left (pure). */
    static List<TimelineEntry> timeline(List<AuditRecord> records) {
        List<TimelineEntry> entries = new ArrayList<>(records.size());
        AuditRecord lastState = null;
        for (AuditRecord record : records) {
            entries.add(new TimelineEntry(record, diff(record, lastState)));
            if (record.stateChange() != null) {
                lastState = record;
            }
        }
        return entries;
    }

    /**
     * What {@code record} changed in the order: for an update, what the worker recorded when it merged
     * it (exact even when several updates shared one PUT); otherwise the difference from the last event
     * before it that said what the whole order was. A create is compared with nothing; an event whose
     * result is not the whole order (a note, an item, a shipment), one that did not apply, or an update
     * recorded before changes were kept whose earlier state we never saw, shows no diff.
     */
    static List<OrderDiff.Change> diff(AuditRecord record, AuditRecord lastState) {
        if (record.changes() != null && record.changes().isArray()) {
            List<OrderDiff.Change> recorded = new ArrayList<>();
            record.changes().forEach(c -> recorded.add(new OrderDiff.Change(c.path("path").asText(),
                    c.path("before").isMissingNode() ? NullNode.getInstance() : c.get("before"),
                    c.path("after").isMissingNode() ? NullNode.getInstance() : c.get("after"))));
            return recorded;
        }
        if (record.stateChange() == null) {
            return List.of();
        }
        JsonNode after = "deleted".equals(record.stateChange()) ? JsonCodec.object() : record.result();
        JsonNode before;
        if (record.outcome().equals("OrderCreated")) {
            before = JsonCodec.object();
        } else if (lastState == null) {
            return List.of();
        } else {
            before = "deleted".equals(lastState.stateChange()) ? JsonCodec.object() : lastState.result();
        }
        return OrderDiff.between(before, after == null ? NullNode.getInstance() : after);
    }

    private AuditRecord previousState(Tenant caller, AuditRecord record) {
        return jdbc.query("SELECT " + COLUMNS + " FROM front.audit_event WHERE tenant_id = ? AND store_id = ? "
                        + "AND order_id = ? AND global_index < ? AND state_change IS NOT NULL "
                        + "ORDER BY global_index DESC LIMIT 1", ROW, caller.id(), record.storeId(), record.orderId(),
                record.globalIndex()).stream().findFirst().orElse(null);
    }

    public Page search(Tenant caller, Criteria criteria, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String where = where(caller, criteria, args);
        args.add(limit + 1);
        args.add(offset);
        List<AuditRecord> rows = jdbc.query("SELECT " + COLUMNS + " FROM front.audit_event WHERE " + where
                + " ORDER BY accepted_at DESC, global_index DESC LIMIT ? OFFSET ?", ROW, args.toArray());
        return new Page(rows.stream().limit(limit).toList(), rows.size() > limit ? offset + limit : null);
    }

    public OrderState stateAt(Tenant caller, String storeId, String orderId, Instant at) {
        return jdbc.query("SELECT " + COLUMNS + " FROM front.audit_event WHERE tenant_id = ? AND store_id = ? "
                                + "AND order_id = ? AND state_change IS NOT NULL AND completed_at <= ? "
                                + "ORDER BY completed_at DESC, global_index DESC LIMIT 1", ROW,
                        caller.id(), storeId, orderId, Timestamp.from(at)).stream().findFirst()
                .map(r -> "deleted".equals(r.stateChange())
                        ? new OrderState(storeId, orderId, at, null, r.mutationId(), "deleted")
                        : new OrderState(storeId, orderId, at, r.result(), r.mutationId(), "present"))
                .orElseGet(() -> new OrderState(storeId, orderId, at, null, null, "unknown"));
    }

    /**
     * Every record of the caller in the range, oldest first, handed one by one to {@code sink} while
     * PostgreSQL's cursor fetches them in slices: the export is never held in memory.
     */
    public void export(Tenant caller, Instant from, Instant to, Consumer<AuditRecord> sink) {
        List<Object> args = new ArrayList<>();
        String where = where(caller, new Criteria(from, to, null, null, null, null), args);
        readOnly.executeWithoutResult(status -> {
            JdbcTemplate cursor = new JdbcTemplate(jdbc.getDataSource());
            cursor.setFetchSize(500); // in a transaction, PostgreSQL's driver fetches through a cursor
            cursor.query("SELECT " + COLUMNS + " FROM front.audit_event WHERE " + where
                    + " ORDER BY accepted_at, global_index", rs -> {
                sink.accept(ROW.mapRow(rs, 0));
            }, args.toArray());
        });
    }

    private static String where(Tenant caller, Criteria criteria, List<Object> args) {
        StringBuilder where = new StringBuilder("tenant_id = ?");
        args.add(caller.id());
        if (criteria.from() != null) {
            where.append(" AND accepted_at >= ?");
            args.add(Timestamp.from(criteria.from()));
        }
        if (criteria.to() != null) {
            where.append(" AND accepted_at < ?");
            args.add(Timestamp.from(criteria.to()));
        }
        if (criteria.storeId() != null) {
            where.append(" AND store_id = ?");
            args.add(criteria.storeId());
        }
        if (criteria.orderId() != null) {
            where.append(" AND order_id = ?");
            args.add(criteria.orderId());
        }
        if (criteria.kind() != null) {
            where.append(" AND kind = ?");
            args.add(criteria.kind());
        }
        if (criteria.outcome() != null) {
            where.append(" AND outcome = ?");
            args.add(criteria.outcome());
        }
        return where.toString();
    }

    static final RowMapper<AuditRecord> ROW = (ResultSet rs, int row) -> new AuditRecord(rs.getLong(1),
            rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
            rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
            instant(rs, 14), instant(rs, 15), json(rs, 16), json(rs, 17), json(rs, 18), json(rs, 19),
            strings(json(rs, 20)), rs.getString(21), json(rs, 22));

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static JsonNode json(ResultSet rs, int column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : JsonCodec.tree(text);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    /** The question cannot be answered as asked; the message says why (never another tenant's data). */
    public static final class AuditProblem extends RuntimeException {
        public AuditProblem(String message) {
            super(message, null, false, false);
        }
    }
}
