package com.orderdeskmcp.front.audit;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bulk of a replay: the events up to a position, projected into a new table straight from the
 * event store, without the processor. {@value #SCANNERS} threads scan ranges of the event table in
 * order (a cursor each, rows in binary, each payload's first {@value #PREFIX} bytes) and hand slices of
 * rows to {@value #WRITERS} writers, each of which projects its rows
 * through the processor's own {@link AuditProjection#project} (with the metadata hash read as the
 * processor reads it) and writes them with {@code COPY} on a connection of its own, a
 * transaction per slice, so the replay's progress shows. The processor then goes on from the position
 * the scan reached ({@link #token()}), so the two together project every event once. Per event this
 * is a row read and a line of {@code COPY}, where the processor has a message, a unit of work and a
 * batch insert.
 */
final class ReplayBulk {

    /**
     * Rows per hand-over and per COPY transaction. At most {@code 2 * WRITERS + SCANNERS} slices are held
     * at once (queued, being written, being filled): about 20 MB of rows of 1.5 KB (more for the few
     * read whole while their slice is written).
     */
    private static final int SLICE = 2_000;
    /**
     * Missing positions this close to the end are handed to the processor as gaps: an insert that had
     * taken its position but not committed when the scan began commits later, and must not be lost.
     * Axon's storage engine keeps gaps as far back as this, too.
     */
    private static final long GAP_WINDOW = 10_000;
    /** Threads that project and copy slices at once, each on a connection of its own. */
    private static final int WRITERS = 2;
    /**
     * Cursors that read ranges of positions at once, each on a connection of its own: PostgreSQL serves
     * a cursor on one core, and decompressing the payloads' first bytes is most of its work here.
     */
    private static final int SCANNERS = 2;
    private static final List<Raw> END = List.of();

    /**
     * Bytes of each payload the scan asks for: PostgreSQL decompresses and sends only those. A stored
     * event's fields the read model needs come first in its canonical JSON ({@link ProjectedRow#prefixed});
     * the orders it holds, most of its 5 KB, after them.
     */
    static final int PREFIX = 1536;

    /**
     * A row of the event table as the scan read it: its payload's first {@value #PREFIX} bytes, which are
     * the whole payload when {@code complete}.
     */
    private record Raw(long position, String stream, long sequence, byte[] metaData, String payloadType,
                       byte[] payload, boolean complete) {
    }

    private final DataSource dataSource;
    private final Serializer serializer;
    private final String table;
    private final long target;
    private final List<Long> gaps = new ArrayList<>();
    private final AtomicLong fromPrefix = new AtomicLong();

    /** Will project the events up to {@code target} (inclusive) into {@code front.<table>} (a name of ours). */
    ReplayBulk(DataSource dataSource, Serializer serializer, String table, long target) {
        this.dataSource = dataSource;
        this.serializer = serializer;
        this.table = table;
        this.target = target;
    }

    /** Scans and writes; returns once every row is committed. */
    void run() throws InterruptedException {
        BlockingQueue<List<Raw>> slices = new ArrayBlockingQueue<>(WRITERS);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> writers = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                writers.add(threads.submit(() -> write(slices)));
            }
            List<Future<List<Long>>> scanners = new ArrayList<>();
            Runnable stop = () -> {
                scanners.forEach(scanner -> scanner.cancel(true));
                writers.forEach(writer -> writer.cancel(true));
            };
            try {
                long first = first();
                long size = (target - first + SCANNERS) / SCANNERS;
                for (long from = first; from <= target; from += size) {
                    long range = from;
                    scanners.add(threads.submit(() -> scan(range, Math.min(target, range + size - 1), slices, writers)));
                }
                for (Future<List<Long>> scanner : scanners) {
                    gaps.addAll(scanner.get());
                }
                hand(slices, END, writers); // each writer puts it back for the next
            } catch (RuntimeException | InterruptedException e) {
                stop.run();
                throw e;
            } catch (ExecutionException e) {
                stop.run();
                throw failure(e);
            }
            for (Future<?> writer : writers) {
                try {
                    writer.get();
                } catch (ExecutionException e) {
                    throw failure(e);
                }
            }
        }
    }

    /**
     * Where the processor goes on from, once {@link #run()} is done: the target, with the positions
     * near it that the scan did not find as gaps.
     */
    TrackingToken token() {
        return GapAwareTrackingToken.newInstance(target, gaps);
    }

    /**
     * How many events the copy projected from their first {@value #PREFIX} bytes; the others it read
     * whole (small ones, and those not in canonical form, of an unexpected shape, or a {@code MutationRejected}).
     */
    long fromPrefix() {
        return fromPrefix.get();
    }

    /** Adds to {@code gaps} the positions after {@code last} and before {@code position}, if near the end. */
    private void missingBefore(long last, long position, List<Long> gaps) {
        for (long missing = Math.max(last + 1, target - GAP_WINDOW + 1); missing < position; missing++) {
            gaps.add(missing);
        }
    }

    /** The lowest position in the event store (the target if it is empty, so that there is one range). */
    private long first() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT coalesce(min(global_index), ?) FROM public.domain_event_entry")) {
            statement.setLong(1, target);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return Math.min(rows.getLong(1), target);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the event store failed: " + e.getMessage(), e);
        }
    }

    /**
     * Scans the positions {@code [from, to]} in order through a cursor of its own and hands the rows
     * out; returns the positions it did not find near the end (the gaps).
     */
    private List<Long> scan(long from, long to, BlockingQueue<List<Raw>> slices, List<Future<?>> writers)
            throws InterruptedException {
        List<Long> missing = new ArrayList<>();
        long last = from - 1;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // a cursor: PostgreSQL sends the rows in slices
            connection.setReadOnly(true);
            try (PreparedStatement statement = AuditProcessorConfig.binary(connection.prepareStatement("""
                    SELECT global_index, aggregate_identifier, sequence_number, meta_data, payload_type,
                      substring(payload FROM 1 FOR ?), octet_length(payload) <= ?,
                      aggregate_identifier = event_identifier
                    FROM public.domain_event_entry WHERE global_index BETWEEN ? AND ? ORDER BY global_index"""))) {
                statement.setFetchSize(1000);
                statement.setInt(1, PREFIX);
                statement.setInt(2, PREFIX);
                statement.setLong(3, from);
                statement.setLong(4, to);
                List<Raw> slice = new ArrayList<>(SLICE);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        long position = rows.getLong(1);
                        missingBefore(last, position, missing);
                        last = position;
                        if (rows.getBoolean(8)) {
                            continue; // Axon reads such a row as an event of no stream, which the projection skips
                        }
                        slice.add(new Raw(position, rows.getString(2), rows.getLong(3), rows.getBytes(4),
                                rows.getString(5), rows.getBytes(6), rows.getBoolean(7)));
                        if (slice.size() == SLICE) {
                            hand(slices, slice, writers);
                            slice = new ArrayList<>(SLICE);
                        }
                    }
                }
                missingBefore(last, to + 1, missing);
                if (!slice.isEmpty()) {
                    hand(slices, slice, writers);
                }
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the event store failed: " + e.getMessage(), e);
        }
        return missing;
    }

    /**
     * The metadata's {@code hash} as the processor reads it ({@code getMetaData().get("hash")}): found
     * by {@link JsonMembers} when it is a string in an object, as the worker writes it; anything else
     * through the serializer, as the processor would.
     */
    private String hash(byte[] metaData) {
        if (metaData == null) {
            return null;
        }
        String[] found = {null};
        boolean[] plain = {true};
        try {
            boolean object = JsonMembers.members(metaData, 0, metaData.length, (name, start, end) -> {
                if (name.equals("hash")) {
                    if (metaData[start] == '"') {
                        found[0] = JsonMembers.string(metaData, start, end);
                    } else {
                        plain[0] = false;
                    }
                }
            });
            if (object && plain[0]) {
                return found[0];
            }
        } catch (IOException | RuntimeException e) {
            // not as the worker writes it: the serializer decides, as it does for the processor
        }
        Object hash = serializer.deserialize(new SimpleSerializedObject<>(metaData, byte[].class,
                MetaData.class.getName(), null)) instanceof MetaData meta ? meta.get("hash") : null;
        return hash == null ? null : hash.toString();
    }

    private static void hand(BlockingQueue<List<Raw>> slices, List<Raw> slice, List<Future<?>> writers)
            throws InterruptedException {
        while (!slices.offer(slice, 100, TimeUnit.MILLISECONDS)) {
            for (Future<?> writer : writers) {
                if (writer.isDone()) {
                    throw writerStopped(writer);
                }
            }
        }
    }

    /** Why a writer stopped before the scan had handed everything out. */
    private static RuntimeException writerStopped(Future<?> writer) throws InterruptedException {
        try {
            writer.get();
            return new IllegalStateException("writing the new read model stopped early");
        } catch (ExecutionException e) {
            return failure(e);
        }
    }

    private static RuntimeException failure(ExecutionException e) {
        return e.getCause() instanceof RuntimeException r ? r
                : new IllegalStateException("writing the new read model failed: " + e.getCause(), e.getCause());
    }

    private Void write(BlockingQueue<List<Raw>> slices) throws InterruptedException, SQLException, IOException {
        String copy = "COPY front." + table + " (" + AuditProjection.COLUMNS + ") FROM STDIN";
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            var copier = connection.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder text = new StringBuilder(SLICE * 256);
            for (List<Raw> slice = slices.take(); slice != END; slice = slices.take()) {
                text.setLength(0);
                List<Hashed> inFull = new ArrayList<>();
                for (Raw raw : slice) {
                    String hash = hash(raw.metaData());
                    if (raw.complete()) {
                        project(text, raw, raw.payload(), hash);
                        continue;
                    }
                    ProjectedRow row = fromPrefix(raw, hash);
                    if (row != null) {
                        line(text, row);
                        fromPrefix.incrementAndGet();
                    } else {
                        inFull.add(new Hashed(raw, hash));
                    }
                }
                if (!inFull.isEmpty()) {
                    Map<Long, byte[]> payloads = payloads(connection, inFull);
                    for (Hashed event : inFull) {
                        project(text, event.raw(), payloads.get(event.raw().position()), event.hash());
                    }
                }
                copier.copyIn(copy, new StringReader(text.toString()));
                connection.commit();
            }
            slices.put(END);
        }
        return null;
    }

    /** The row from the payload's first bytes; null if those do not give it, and the whole payload decides. */
    private static ProjectedRow fromPrefix(Raw raw, String hash) {
        try {
            return ProjectedRow.prefixed(raw.position(), raw.stream(), raw.sequence(), hash, raw.payloadType(),
                    raw.payload());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Adds the row of an event read in full, as the processor projects it (or nothing for an unreadable one). */
    private static void project(StringBuilder text, Raw raw, byte[] payload, String hash) {
        ProjectedRow row = AuditProjection.project(raw.position(), raw.stream(), raw.sequence(), () -> payload,
                () -> hash);
        if (row != null) {
            line(text, row);
        }
    }

    /** A row to read whole, with its metadata's hash, read once. */
    private record Hashed(Raw raw, String hash) {
    }

    /** The whole payloads of these events, by position (a row deleted since the scan read it has none). */
    private static Map<Long, byte[]> payloads(Connection connection, List<Hashed> events) throws SQLException {
        Map<Long, byte[]> payloads = new HashMap<>();
        try (PreparedStatement statement = AuditProcessorConfig.binary(connection.prepareStatement(
                "SELECT global_index, payload FROM public.domain_event_entry WHERE global_index = ANY (?)"))) {
            statement.setArray(1, connection.createArrayOf("bigint",
                    events.stream().map(event -> event.raw().position()).toArray(Long[]::new)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    payloads.put(rows.getLong(1), rows.getBytes(2));
                }
            }
        }
        return payloads;
    }

    /** One row in COPY's text format: tab-separated, {@code \N} for null, backslash escapes. */
    static void line(StringBuilder out, ProjectedRow r) {
        out.append(r.globalIndex());
        field(out, r.stream());
        out.append('\t').append(r.sequence());
        field(out, r.hash());
        field(out, r.mutationId());
        field(out, r.tenantId());
        field(out, r.storeId());
        field(out, r.subject());
        field(out, r.orderId());
        field(out, r.kind());
        field(out, r.outcome());
        field(out, r.stateChange());
        field(out, r.requestedBy());
        field(out, micros(r.acceptedAt()));
        field(out, micros(r.completedAt()));
        out.append('\t').append(r.attemptCount());
        field(out, r.reason());
        out.append('\n');
    }

    /** As pgjdbc sends a timestamp: rounded to PostgreSQL's microseconds, half up. */
    private static String micros(Instant instant) {
        return instant == null ? null : instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static void field(StringBuilder out, String value) {
        out.append('\t');
        if (value == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
