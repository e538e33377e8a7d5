package com.orderdeskmcp.front.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.orderdeskmcp.front.security.Tenant;
import com.orderdeskmcp.front.stores.StoreRegistry;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.orders.OrderDiff;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
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
 * by its tenant in SQL: another tenant's history is never read, so it cannot leak. The read model is
 * an index of the event store (scalar columns only): each row found is joined to its event in
 * {@code public.domain_event_entry} by {@code global_index}, and the record's JSON values are read
 * from the stored payload ({@link AuditRecord#withPayload}).
 */
@Service
public class AuditQueries {

    /**
     * What a search may filter on; null means "any". Times filter on when the mutation was accepted,
     * {@code from} inclusive, {@code to} exclusive.
     */
    public record Criteria(Instant from, Instant to, String storeId, String orderId, String kind, String outcome) {
        public Criteria {
            checkRange(from, to);
        }
    }

    /** A range whose end comes before its start is a mistake to point out, not an empty answer. */
    static void checkRange(Instant from, Instant to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw new AuditProblem("from (" + from + ") is after to (" + to + ")");
        }
    }

    public record Page(List<AuditRecord> items, Integer nextOffset) {
    }

    /** One event of an order's timeline, with what it changed in the order. */
    public record TimelineEntry(AuditRecord record, List<OrderDiff.Change> diff) {
    }

    public record History(String storeId, String orderId, List<TimelineEntry> events) {
    }

    /**
     * The order as our mutations left it at {@code at}: null if none had (or it was deleted).
     * {@code notIncluded} lists the mutations applied after that state and by {@code at} whose effect
     * OrderDesk did not report as a whole order (a note, an item, a shipment, a move): the order
     * shown does not have them, and an auditor must not read it as if it did.
     */
    public record OrderState(String storeId, String orderId, Instant at, JsonNode order, String mutationId,
                             String state, List<AuditRecord> notIncluded) {
    }

    /**
     * The read model's row and its event's payload. A left join: an event removed from the store after
     * it was projected is still listed (from its row), as it was before a replay; verify names it.
     */
    private static final String SELECT = """
            SELECT a.global_index, a.stream, a.sequence_number, a.event_hash, a.mutation_id, a.tenant_id, a.store_id,
              a.subject, a.order_id, a.kind, a.outcome, a.state_change, a.requested_by, a.accepted_at, a.completed_at,
              a.reason, a.attempt_count, d.payload
            FROM front.audit_event a LEFT JOIN public.domain_event_entry d ON d.global_index = a.global_index
            WHERE\s""";

    private final JdbcTemplate jdbc;
    private final StoreRegistry stores;
    private final AuditEventStore eventStore;
    private final TransactionTemplate readOnly;
    /** Set once the worker's event store exists (it is never dropped); before that the read model is empty. */
    private volatile boolean eventStoreExists;

    public AuditQueries(JdbcTemplate jdbc, StoreRegistry stores, AuditEventStore eventStore,
                        PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.eventStore = eventStore;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public Optional<TimelineEntry> mutation(Tenant caller, String mutationId) {
        Optional<AuditRecord> found = records("a.mutation_id = ? AND a.tenant_id = ? ORDER BY a.global_index LIMIT 1",
                mutationId, caller.id()).stream().findFirst();
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
        List<AuditRecord> records = records("a.tenant_id = ? AND a.store_id = ? AND a.order_id = ? "
                + "ORDER BY a.global_index", caller.id(), storeId, orderId);
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
     * it (exact even when several updates shared one PUT); for a note, an item or shipment added, or a
     * move, what it added or moved ({@link #effect}); otherwise the difference from the last event
     * before it that said what the whole order was. A create is compared with nothing; one that did not
     * apply, an item or shipment changed or removed (whose earlier state OrderDesk's answer lacks), or
     * an update recorded before changes were kept whose earlier state we never saw, shows no diff.
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
            return record.applied() ? effect(record) : List.of();
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

    /** What a mutation that OrderDesk did not answer with the whole order added or moved, from what was sent. */
    private static List<OrderDiff.Change> effect(AuditRecord record) {
        JsonNode sent = record.sent() == null ? NullNode.getInstance() : record.sent();
        JsonNode result = record.result() == null ? NullNode.getInstance() : record.result();
        return switch (record.outcome()) {
            // OrderDesk answers a note with the order's history: the new entry, with its date, is the last.
            case "OrderNoteAdded" -> List.of(added("order_history",
                    result.isArray() && !result.isEmpty() ? result.get(result.size() - 1) : sent));
            case "OrderItemAdded" -> List.of(added("order_items", result.isObject() && !result.isEmpty() ? result : sent));
            case "ShipmentAdded" -> List.of(added("order_shipments", sent));
            case "ShipmentsAdded" -> {
                List<OrderDiff.Change> changes = new ArrayList<>();
                sent.forEach(shipment -> changes.add(added("order_shipments", shipment)));
                yield changes;
            }
            case "OrderMoved" -> List.of(new OrderDiff.Change("folder_id",
                    result.path("original_folder_id").isMissingNode() ? NullNode.getInstance()
                            : result.get("original_folder_id"),
                    sent.path("destination_folder_id").isMissingNode() ? NullNode.getInstance()
                            : sent.get("destination_folder_id")));
            default -> List.of();
        };
    }

    private static OrderDiff.Change added(String list, JsonNode element) {
        return new OrderDiff.Change(list + "[+]", NullNode.getInstance(), element);
    }

    private AuditRecord previousState(Tenant caller, AuditRecord record) {
        return records("a.tenant_id = ? AND a.store_id = ? AND a.order_id = ? AND a.global_index < ? "
                        + "AND a.state_change IS NOT NULL ORDER BY a.global_index DESC LIMIT 1", caller.id(),
                record.storeId(), record.orderId(), record.globalIndex()).stream().findFirst().orElse(null);
    }

    public Page search(Tenant caller, Criteria criteria, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String where = where(caller, criteria, args);
        args.add(limit + 1);
        args.add(offset);
        List<AuditRecord> rows = records(where + " ORDER BY a.accepted_at DESC, a.global_index DESC LIMIT ? OFFSET ?",
                args.toArray());
        return new Page(rows.stream().limit(limit).toList(), rows.size() > limit ? offset + limit : null);
    }

    public OrderState stateAt(Tenant caller, String storeId, String orderId, Instant at) {
        Timestamp until = Timestamp.from(at);
        AuditRecord last = records("a.tenant_id = ? AND a.store_id = ? AND a.order_id = ? AND a.state_change IS NOT NULL "
                        + "AND a.completed_at <= ? ORDER BY a.completed_at DESC, a.global_index DESC LIMIT 1",
                caller.id(), storeId, orderId, until).stream().findFirst().orElse(null);
        List<AuditRecord> notIncluded = records("a.tenant_id = ? AND a.store_id = ? AND a.order_id = ? "
                        + "AND a.state_change IS NULL AND a.global_index > ? AND a.completed_at <= ? "
                        + "ORDER BY a.global_index", caller.id(), storeId, orderId,
                last == null ? -1L : last.globalIndex(), until)
                .stream().filter(AuditRecord::applied).toList();
        if (last == null) {
            return new OrderState(storeId, orderId, at, null, null, "unknown", notIncluded);
        }
        return "deleted".equals(last.stateChange())
                ? new OrderState(storeId, orderId, at, null, last.mutationId(), "deleted", List.of())
                : new OrderState(storeId, orderId, at, last.result(), last.mutationId(), "present", notIncluded);
    }

    /**
     * Every record of the caller in the range, oldest first, handed one by one to {@code sink} while
     * PostgreSQL's cursor fetches them in slices: the export is never held in memory.
     */
    public void export(Tenant caller, Instant from, Instant to, Consumer<AuditRecord> sink) {
        List<Object> args = new ArrayList<>();
        String where = where(caller, new Criteria(from, to, null, null, null, null), args);
        // In a transaction, PostgreSQL's driver fetches through a cursor, a slice at a time.
        readOnly.executeWithoutResult(status -> select(where + " ORDER BY a.accepted_at, a.global_index",
                args.toArray(), sink));
    }

    private List<AuditRecord> records(String condition, Object... args) {
        List<AuditRecord> records = new ArrayList<>();
        select(condition, args, records::add);
        return records;
    }

    /**
     * The records of the rows that meet {@code condition} (columns named {@code a.}), in binary: the
     * payloads are bytea, which in text would travel as hex, twice their size.
     */
    private void select(String condition, Object[] args, Consumer<AuditRecord> sink) {
        if (!eventStoreExists()) {
            return;
        }
        jdbc.query(connection -> {
            PreparedStatement statement = AuditProcessorConfig.binary(connection.prepareStatement(SELECT + condition));
            statement.setFetchSize(500);
            new ArgumentPreparedStatementSetter(args).setValues(statement);
            return statement;
        }, (RowCallbackHandler) rs -> sink.accept(record(rs)));
    }

    private boolean eventStoreExists() {
        if (!eventStoreExists) {
            eventStoreExists = eventStore.exists();
        }
        return eventStoreExists;
    }

    private static String where(Tenant caller, Criteria criteria, List<Object> args) {
        StringBuilder where = new StringBuilder("a.tenant_id = ?");
        args.add(caller.id());
        if (criteria.from() != null) {
            where.append(" AND a.accepted_at >= ?");
            args.add(Timestamp.from(criteria.from()));
        }
        if (criteria.to() != null) {
            where.append(" AND a.accepted_at < ?");
            args.add(Timestamp.from(criteria.to()));
        }
        if (criteria.storeId() != null) {
            where.append(" AND a.store_id = ?");
            args.add(criteria.storeId());
        }
        if (criteria.orderId() != null) {
            where.append(" AND a.order_id = ?");
            args.add(criteria.orderId());
        }
        if (criteria.kind() != null) {
            where.append(" AND a.kind = ?");
            args.add(criteria.kind());
        }
        if (criteria.outcome() != null) {
            where.append(" AND a.outcome = ?");
            args.add(criteria.outcome());
        }
        return where.toString();
    }

    /** A row of {@link #SELECT}: the scalar columns as they are, the JSON values from the payload (18). */
    private static AuditRecord record(ResultSet rs) throws SQLException {
        return AuditRecord.indexed(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), instant(rs, 14), instant(rs, 15), rs.getInt(17), rs.getString(16))
                .withPayload(rs.getBytes(18));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** The question cannot be answered as asked; the message says why (never another tenant's data). */
    public static final class AuditProblem extends RuntimeException {
        public AuditProblem(String message) {
            super(message, null, false, false);
        }
    }
}
