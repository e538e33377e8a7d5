package com.orderdeskmcp.front.audit;

import com.orderdeskmcp.front.security.Tenant;
import com.orderdeskmcp.front.tenants.Role;
import com.orderdeskmcp.model.audit.HashChain;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

/**
 * Checks the audit log itself, not the read model: (a) the hash chain of every stream, read straight
 * from {@code public.domain_event_entry}, naming the first event of a stream that was altered,
 * removed, inserted or reordered ({@link HashChain#verify}); (b) completeness: every mutation the
 * front queued has exactly one terminal event. Accepted mutations younger than the grace period may
 * still be in flight and are only counted. A tenant checks the streams of its stores; an operator
 * checks everything. A store two tenants both use holds both tenants' events in its streams: every
 * chain is walked whole, but a tenant's report counts only its own events (and the streams holding
 * any), and names only its own mutations.
 */
@Service
public class AuditVerifier {

    /** Longest list of mutation ids in one report; the totals count them all. */
    static final int LISTED = 1000;

    public record ChainBreak(String stream, long sequence, String problem, String mutationId) {
    }

    public record Report(boolean ok, long eventsChecked, long streamsChecked, List<ChainBreak> chainBreaks,
                         List<String> missingTerminal, long missingTerminalTotal, List<String> duplicateTerminal,
                         long duplicateTerminalTotal, long inFlight, Instant checkedAt) {
    }

    /** One stored event as read back: the chain link and the mutation (and tenant) it names. */
    private record Row(HashChain.Link link, String mutationId, String tenantId) {
    }

    /** One stream's chain check; {@code callersEvents}: how many of its events are the caller's (all, for an operator). */
    private record StreamResult(HashChain.Break chainBreak, String mutationId, List<String> mutationIds,
                                int callersEvents) {
    }

    private final JdbcTemplate jdbc;
    private final AuditEventStore eventStore;
    private final TransactionTemplate readOnly;
    private final AuditProperties properties;
    private final Clock clock;

    public AuditVerifier(JdbcTemplate jdbc, AuditEventStore eventStore, PlatformTransactionManager transactions,
                         AuditProperties properties) {
        this.jdbc = jdbc;
        this.eventStore = eventStore;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    public Report verify(Tenant caller) {
        Instant checkedAt = clock.instant();
        boolean everything = caller.role() == Role.OPERATOR;
        MutationCounts counts = new MutationCounts();
        List<ChainBreak> breaks = new ArrayList<>();
        long[] totals = new long[2]; // events, streams
        if (eventStore.exists()) {
            walkStreams(caller, everything, counts, breaks, totals);
        }
        breaks.sort(Comparator.comparing(ChainBreak::stream));

        List<String> missing = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        long[] tally = new long[3]; // missing, duplicates, in flight
        Timestamp graceStart = Timestamp.from(checkedAt.minus(properties.completenessGrace()));
        readOnly.executeWithoutResult(status -> cursor(500).query(
                "SELECT mutation_id, accepted_at < ? FROM front.accepted_mutation WHERE queued"
                        + (everything ? "" : " AND tenant_id = ?") + " ORDER BY accepted_at, mutation_id",
                (RowCallbackHandler) rs -> {
                    String id = rs.getString(1);
                    int count = counts.count(id);
                    if (count == 0 && rs.getBoolean(2)) {
                        tally[0]++;
                        addCapped(missing, id);
                    } else if (count == 0) {
                        tally[2]++;
                    } else if (count > 1) {
                        tally[1]++;
                        addCapped(duplicates, id);
                    }
                }, everything ? new Object[]{graceStart} : new Object[]{graceStart, caller.id()}));
        boolean ok = breaks.isEmpty() && tally[0] == 0 && tally[1] == 0;
        return new Report(ok, totals[0], totals[1], breaks, missing, tally[0], duplicates, tally[1], tally[2], checkedAt);
    }

    /**
     * Reads the events in stream order and checks each stream as soon as it is complete (hashing and,
     * for a mismatch, parsing), on the thread that read it. Large stores are read as a few ranges of
     * stream names at once, each through its own cursor: PostgreSQL fills a cursor's next rows only
     * when asked, so one reader leaves a core idle while it hashes, and several keep both busy. A
     * stream never spans two ranges (bounds are whole stream names).
     */
    private void walkStreams(Tenant caller, boolean everything, MutationCounts counts, List<ChainBreak> breaks,
                             long[] totals) {
        String scope = everything ? "TRUE" : "split_part(aggregate_identifier, '/', 1) = ANY (?)";
        Object[] scopeArgs = everything ? new Object[0] : new Object[]{storesOf(caller)};
        cursors.acquireUninterruptibly();
        int held = 1;
        while (held < MAX_READERS && cursors.tryAcquire()) {
            held++;
        }
        ExecutorService readers = null;
        try {
            List<String> bounds = bounds(held, scope, scopeArgs);
            readers = Executors.newFixedThreadPool(bounds.size() + 1, Thread.ofPlatform().daemon()
                    .name("audit-verify-", 0).factory());
            List<Future<long[]>> read = new ArrayList<>();
            for (int r = 0; r <= bounds.size(); r++) {
                String from = r == 0 ? null : bounds.get(r - 1);
                String to = r == bounds.size() ? null : bounds.get(r);
                read.add(readers.submit(() -> readRange(from, to, scope, scopeArgs, caller, everything, counts,
                        breaks)));
            }
            for (Future<long[]> range : read) {
                long[] counted = get(range);
                totals[0] += counted[0];
                totals[1] += counted[1];
            }
        } finally {
            if (readers != null) {
                readers.shutdownNow();
            }
            cursors.release(held);
        }
    }

    /**
     * Most readers at once, over all verifications running: each holds a connection for the whole walk.
     * One verification gets as many as are free (at least one, waiting for it), so concurrent ones
     * share them instead of draining the connection pool.
     */
    private static final int MAX_READERS = 4;
    private final Semaphore cursors = new Semaphore(MAX_READERS);

    /** About how many events the sample that places the bounds reads. */
    private static final double SAMPLE = 20_000;

    /**
     * Stream names that split the scope into {@code readers} ranges of about as many events each, from
     * a sample of the table's pages (all of them for a small table); none (one range) for an empty one.
     */
    private List<String> bounds(int readers, String scope, Object[] scopeArgs) {
        if (readers < 2) {
            return List.of();
        }
        Long estimate = jdbc.queryForObject(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = 'public.domain_event_entry'::regclass", Long.class);
        double percent = estimate == null || estimate <= SAMPLE ? 100 : Math.max(0.01, 100 * SAMPLE / estimate);
        StringBuilder fractions = new StringBuilder();
        for (int i = 1; i < readers; i++) {
            fractions.append(i == 1 ? "" : ",").append((double) i / readers);
        }
        List<String> bounds = jdbc.query("SELECT unnest(percentile_disc(ARRAY[" + fractions + "]) WITHIN GROUP "
                + "(ORDER BY aggregate_identifier)) FROM public.domain_event_entry TABLESAMPLE SYSTEM (" + percent
                + ") WHERE " + scope, (rs, i) -> rs.getString(1), scopeArgs);
        // In the order PostgreSQL gave them: its collation, which the range conditions compare by too.
        return bounds.stream().filter(b -> b != null).distinct().toList();
    }

    /** One range of streams, [from, to) (null: unbounded), read through its own cursor; {events, streams}. */
    private long[] readRange(String from, String to, String scope, Object[] scopeArgs, Tenant caller,
                             boolean everything, MutationCounts counts, List<ChainBreak> breaks) {
        List<Object> args = new ArrayList<>(List.of(scopeArgs));
        StringBuilder where = new StringBuilder(scope);
        if (from != null) {
            where.append(" AND aggregate_identifier >= ?");
            args.add(from);
        }
        if (to != null) {
            where.append(" AND aggregate_identifier < ?");
            args.add(to);
        }
        String sql = "SELECT aggregate_identifier, sequence_number, payload, meta_data, payload_type "
                + "FROM public.domain_event_entry "
                + "WHERE " + where + " ORDER BY aggregate_identifier, sequence_number";
        long[] totals = new long[2]; // the caller's events, and streams holding any of them
        List<Row> stream = new ArrayList<>();
        Runnable check = () -> {
            if (!stream.isEmpty()) {
                StreamResult result = check(stream, caller, everything);
                totals[0] += result.callersEvents();
                totals[1] += result.callersEvents() > 0 ? 1 : 0;
                add(result, counts, breaks);
                stream.clear();
            }
        };
        // In binary (the payloads are bytea: in text they would travel as hex), through a cursor.
        readOnly.executeWithoutResult(status -> jdbc.query(connection -> {
            PreparedStatement statement = AuditProcessorConfig.binary(connection.prepareStatement(sql));
            statement.setFetchSize(1000);
            new ArgumentPreparedStatementSetter(args.toArray()).setValues(statement);
            return statement;
        }, (RowCallbackHandler) rs -> {
            String name = rs.getString(1);
            if (!stream.isEmpty() && !stream.getFirst().link().stream().equals(name)) {
                check.run();
            }
            stream.add(row(name, rs.getLong(2), rs.getBytes(3), rs.getBytes(4), rs.getString(5)));
        }));
        check.run();
        return totals;
    }

    /** Adds one stream's result; the readers of several ranges call it at once. */
    private static void add(StreamResult result, MutationCounts counts, List<ChainBreak> breaks) {
        synchronized (counts) {
            result.mutationIds().forEach(counts::add);
            if (result.chainBreak() != null) {
                var b = result.chainBreak();
                breaks.add(new ChainBreak(b.stream(), b.sequence(), b.problem(), result.mutationId()));
            }
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verification interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("verification failed", e.getCause());
        }
    }

    /** One stream's chain; the caller's events in it and the ids of the mutations they end. Pure. */
    private static StreamResult check(List<Row> events, Tenant caller, boolean everything) {
        Predicate<Row> callers = e -> everything || caller.id().equals(e.tenantId());
        List<String> ids = new ArrayList<>(events.size());
        int callersEvents = 0;
        for (Row event : events) {
            if (callers.test(event)) {
                callersEvents++;
                if (event.mutationId() != null) {
                    ids.add(event.mutationId());
                }
            }
        }
        var chainBreak = HashChain.verify(events.stream().map(Row::link).toList()).orElse(null);
        String mutationId = null;
        if (chainBreak != null) {
            mutationId = events.stream().filter(e -> e.link().sequence() == chainBreak.sequence())
                    .filter(callers).map(Row::mutationId).findFirst().orElse(null);
        }
        return new StreamResult(chainBreak, mutationId, ids, callersEvents);
    }

    private static Row row(String stream, long sequence, byte[] payload, byte[] metaBytes, String payloadType) {
        String hash = metaBytes == null ? "" : hashIn(metaBytes);
        String[] named = named(payload);
        return new Row(new HashChain.Link(stream, sequence, type(payloadType), payload, hash), named[0], named[1]);
    }

    /**
     * The event type that entered the hash ({@code EventStoreSchema.type}: the simple name of the event's
     * class), from the class name the event store keeps beside the payload; "" if none. An altered type,
     * in that column or in the payload, breaks the chain either way, so the payload's own {@code type}
     * (which sorts after the orders it holds) need not be found.
     */
    static String type(String payloadType) {
        if (payloadType == null) {
            return "";
        }
        return payloadType.substring(Math.max(payloadType.lastIndexOf('.'), payloadType.lastIndexOf('$')) + 1);
    }

    /** The metadata's {@code hash}; "" if it has none or cannot be read, which the chain then names. */
    static String hashIn(byte[] metaData) {
        String[] hash = {""};
        try {
            boolean object = JsonMembers.members(metaData, 0, metaData.length, (name, start, end) -> {
                if (name.equals("hash") && metaData[start] == '"') {
                    hash[0] = JsonMembers.string(metaData, start, end);
                }
            });
            return object ? hash[0] : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * The payload's {@code header.mutationId} and {@code header.tenantId}, found by {@link JsonMembers}
     * without reading past the header (the chain check hashes the bytes themselves); nulls for a payload
     * that has no readable header, which then names no mutation (and its chain breaks, if altered).
     */
    static String[] named(byte[] payload) {
        String[] named = {null, null};
        boolean[] seen = {false};
        try {
            JsonMembers.Walk walk = JsonMembers.membersBefore(payload, 0, payload.length, name -> seen[0],
                    (field, start, end) -> {
                        if (field.equals("header") && payload[start] == '{') {
                            seen[0] = true;
                            JsonMembers.members(payload, start, end, (name, from, to) -> {
                                if (payload[from] == '"' && name.equals("mutationId")) {
                                    named[0] = JsonMembers.string(payload, from, to);
                                } else if (payload[from] == '"' && name.equals("tenantId")) {
                                    named[1] = JsonMembers.string(payload, from, to);
                                }
                            });
                        }
                    });
            return walk == JsonMembers.Walk.UNREADABLE ? new String[] {null, null} : named;
        } catch (IOException | RuntimeException e) {
            return new String[] {null, null}; // not JSON (altered): names no mutation, and its chain breaks here
        }
    }

    /** The stores whose streams a tenant may check: registered ones, and any its history or queue names. */
    private String[] storesOf(Tenant caller) {
        List<String> stores = jdbc.queryForList("""
                SELECT store_id FROM front.store_credentials WHERE tenant_id = ?
                UNION SELECT DISTINCT store_id FROM front.audit_event WHERE tenant_id = ?
                UNION SELECT DISTINCT store_id FROM front.accepted_mutation WHERE tenant_id = ?""", String.class,
                caller.id(), caller.id(), caller.id());
        return stores.toArray(String[]::new);
    }

    private JdbcTemplate cursor(int fetchSize) {
        JdbcTemplate cursor = new JdbcTemplate(jdbc.getDataSource());
        cursor.setFetchSize(fetchSize);
        return cursor;
    }

    private static void addCapped(List<String> list, String id) {
        if (list.size() < LISTED) {
            list.add(id);
        }
    }
}
