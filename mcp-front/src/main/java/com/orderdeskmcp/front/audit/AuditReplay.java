package com.orderdeskmcp.front.audit;

import com.orderdeskmcp.model.audit.EventStoreSchema;
import jakarta.annotation.PreDestroy;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Rebuilds the audit read model from the first event while the front keeps serving, beside the one
 * in use: the events up to the newest at the start are copied into a new table ({@code front.}
 * {@value #TABLE}, with its primary key only) straight from the event store ({@link ReplayBulk}), then
 * a processor of its own ({@value #PROCESSOR}) goes on from there, while the processor in use keeps
 * {@code front.audit_event} current and every query keeps reading it, complete. Once the new table
 * has caught up with the newest event as of the start, it gets the indexes of the one in use and,
 * in one transaction, takes its place, and its processor's tokens become the live processor's, which
 * carries on from there (so the events that came meanwhile are projected once, into the new table).
 * Building the secondary indexes once at the end is also cheaper than keeping them row by row.
 *
 * <p>The tokens are shared by every front instance, and any instance may be asked: at the switch the
 * token rows change hands with their owner cleared, so a processor of another instance that held them
 * fails its next token update, rolls that batch back and claims the new rows, from the replay's
 * position. One replay at a time across all instances: the instance that replays holds a PostgreSQL
 * advisory lock (on a connection of its own, so it goes with that instance's session if it dies), and
 * another instance asked meanwhile refuses. A replay that did not finish (the front stopped) leaves
 * its table and tokens behind; the next replay, or the next front to start, discards them.
 */
@Service
public class AuditReplay {

    static final String PROCESSOR = AuditEventStore.PROCESSOR + "-replay";
    static final String TABLE = AuditEventStore.TABLE + "_replay";

    private static final Logger log = LoggerFactory.getLogger(AuditReplay.class);
    /** How often the replay looks whether its processor has caught up, or tries the switch again. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(50);
    /** How long the switch waits for queries still reading the old table (an export's cursor) per try. */
    private static final String LOCK_TIMEOUT = "5s";
    /** How long the switch keeps trying before the replay gives up (a long export holds the old table). */
    private static final Duration SWITCH_PATIENCE = Duration.ofMinutes(15);
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String DEADLOCK = "40P01";
    /** What the switch's transaction shows as in {@code pg_stat_activity}, for an operator who sees it wait. */
    static final String SWITCH_NAME = "audit-replay-switch";
    /** The advisory lock of "a replay runs" (any number; this one spells "auditrpl"). */
    private static final long REPLAY_LOCK = 0x617564697472706CL;

    public enum State { IDLE, REPLAYING, DONE, FAILED }

    public record Progress(State state, long eventsProcessed, long eventsTotal, Instant startedAt,
                           Instant finishedAt, String message) {
    }

    /** A secondary index of the table in use, and the name it has on the new table until the switch. */
    private record Index(String name, String temporaryName, String definition) {
    }

    private final AuditEventStore store;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private volatile State state = State.IDLE;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile String message;
    /** The newest event when the replay started: the new table is complete once its processor has passed it. */
    private volatile long target;
    private AuditEventStore.Projector projector;
    private Thread follower;
    /** The connection holding {@link #REPLAY_LOCK} while this instance replays. */
    private Connection lock;

    public AuditReplay(AuditEventStore store, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.store = store;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
    }

    /** Starts a replay, unless one is running; answers the progress either way. */
    public synchronized Progress start() {
        if (state == State.REPLAYING) {
            return progress();
        }
        if (!store.processing()) {
            throw new AuditQueries.AuditProblem(store.exists()
                    ? "the audit processor is not running on this instance"
                    : "there is no event store yet (no worker has started)");
        }
        lock = replayLock().orElseThrow(() -> new AuditQueries.AuditProblem(
                "a replay is running on another front instance; ask that one for its progress"));
        try {
            discard();
            jdbc.execute("CREATE TABLE front." + TABLE + " (LIKE front." + AuditEventStore.TABLE
                    + " INCLUDING ALL EXCLUDING INDEXES)");
            // The only index kept while rows come in: the projection's inserts rely on it.
            jdbc.execute("ALTER TABLE front." + TABLE + " ADD CONSTRAINT " + TABLE + "_pkey PRIMARY KEY (global_index)");
            target = count("SELECT coalesce(max(global_index), 0) FROM public.domain_event_entry");
            startedAt = Instant.now();
            finishedAt = null;
            message = "copying the event store";
            state = State.REPLAYING;
            follower = Thread.ofVirtual().name("audit-replay").start(this::follow);
            log.info("audit read model: replay from the first event into front.{} started", TABLE);
        } catch (RuntimeException e) {
            fail("the replay could not start", e);
        }
        return progress();
    }

    /** Discards what a replay left behind when its front stopped, unless a replay runs elsewhere. */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void discardLeftovers() {
        try {
            Optional<Connection> held = replayLock();
            if (held.isPresent()) {
                lock = held.get();
                try {
                    Boolean left = jdbc.queryForObject("SELECT to_regclass('front." + TABLE + "') IS NOT NULL OR EXISTS"
                            + " (SELECT 1 FROM front.token_entry WHERE processor_name = ?)", Boolean.class, PROCESSOR);
                    if (Boolean.TRUE.equals(left)) {
                        discard();
                        log.info("audit read model: discarded what an unfinished replay left behind");
                    }
                } finally {
                    releaseLock();
                }
            }
        } catch (RuntimeException e) {
            log.warn("audit read model: could not look for an unfinished replay's leftovers: {}", e.toString());
        }
    }

    /** Takes the replay lock on a connection of its own; empty if another instance holds it. */
    private Optional<Connection> replayLock() {
        Connection connection;
        try {
            connection = jdbc.getDataSource().getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the replay lock", e);
        }
        try (var statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, REPLAY_LOCK);
            try (ResultSet result = statement.executeQuery()) {
                if (result.next() && result.getBoolean(1)) {
                    return Optional.of(connection);
                }
            }
        } catch (SQLException e) {
            JdbcUtils.closeConnection(connection);
            throw new IllegalStateException("could not take the replay lock", e);
        }
        JdbcUtils.closeConnection(connection);
        return Optional.empty();
    }

    private synchronized void releaseLock() {
        Connection held = lock;
        lock = null;
        if (held == null) {
            return;
        }
        try (var statement = held.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, REPLAY_LOCK);
            statement.executeQuery().close();
        } catch (SQLException e) {
            log.warn("audit read model: could not release the replay lock: {}", e.toString());
        } finally {
            JdbcUtils.closeConnection(held);
        }
    }

    public Progress progress() {
        long total = store.exists() ? count("SELECT count(*) FROM public.domain_event_entry") : 0;
        State now = state;
        long processed;
        try {
            processed = count("SELECT count(*) FROM front." + (now == State.REPLAYING ? TABLE : AuditEventStore.TABLE));
        } catch (DataAccessException e) {
            // The new table was switched in (or dropped) between reading the state and counting.
            processed = count("SELECT count(*) FROM front." + AuditEventStore.TABLE);
        }
        return new Progress(now, processed, total, startedAt, finishedAt, message);
    }

    /**
     * Projects the events up to the target straight from the event store ({@link ReplayBulk}), starts
     * the new table's processor from there (its tokens are new: it starts from the position given),
     * follows it until it has caught up, then switches the new table in.
     */
    private void follow() {
        try {
            ReplayBulk bulk = new ReplayBulk(jdbc.getDataSource(), EventStoreSchema.serializer(), TABLE, target);
            long began = System.nanoTime();
            bulk.run();
            log.info("audit read model: replay copied the events up to position {} in {} ms ({} of them from their "
                    + "first {} bytes); its processor goes on", target, (System.nanoTime() - began) / 1_000_000,
                    bulk.fromPrefix(), ReplayBulk.PREFIX);
            synchronized (this) {
                if (state != State.REPLAYING) {
                    return;
                }
                message = null;
                projector = store.projector(PROCESSOR, TABLE, bulk.token());
                projector.processor().start();
            }
            while (!caughtUp()) {
                Thread.sleep(LOOK_EVERY);
            }
            synchronized (this) {
                store.close(projector);
                projector = null;
            }
            message = "building indexes";
            List<Index> indexes = secondaryIndexes();
            build(indexes);
            jdbc.execute("ANALYZE front." + TABLE);
            message = "switching to the new read model";
            switchOver(indexes);
            releaseLock(); // before DONE shows, so that a replay asked for right after finds the lock free
            finishedAt = Instant.now();
            message = null;
            state = State.DONE;
            log.info("audit read model: replay done, the rebuilt read model is in use");
        } catch (InterruptedException e) {
            log.info("audit read model: replay interrupted (the front stops); the next replay starts over");
        } catch (RuntimeException e) {
            fail("the replay failed", e);
        } finally {
            releaseLock();
        }
    }

    /**
     * Builds the indexes two at a time, each on a connection of its own: PostgreSQL builds one index on
     * one core.
     */
    private void build(List<Index> indexes) throws InterruptedException {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> builds = new ArrayList<>();
            Semaphore atOnce = new Semaphore(2);
            for (Index index : indexes) {
                atOnce.acquire();
                builds.add(threads.submit(() -> {
                    try {
                        jdbc.execute(index.definition());
                    } finally {
                        atOnce.release();
                    }
                }));
            }
            for (Future<?> build : builds) {
                try {
                    build.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException("building an index failed", e.getCause());
                }
            }
        }
    }

    private boolean caughtUp() {
        Collection<EventTrackerStatus> status = projector.processor().processingStatus().values();
        if (status.stream().anyMatch(EventTrackerStatus::isErrorState)) {
            message = "the processor meets errors and retries; see the log";
            return false;
        }
        message = null;
        // By position, not Axon's replay flag: a row missing for good from the event store (a rolled-back
        // insert, a deleted event) leaves a gap that keeps the flag set.
        return !status.isEmpty() && status.stream().allMatch(s -> s.isCaughtUp()
                && s.getCurrentPosition().orElse(0) >= target);
    }

    /** The table in use's indexes other than its primary key, as statements that build them on the new table. */
    private List<Index> secondaryIndexes() {
        List<Index> indexes = new ArrayList<>();
        jdbc.query("""
                SELECT c.relname, pg_get_indexdef(i.indexrelid)
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                WHERE i.indrelid = to_regclass('front.%s') AND NOT i.indisprimary
                ORDER BY c.relname""".formatted(AuditEventStore.TABLE), row -> {
            String name = row.getString(1);
            String temporary = TABLE + "_" + (indexes.size() + 1);
            String definition = row.getString(2).replaceFirst(
                    "INDEX " + name + " ON front\\." + AuditEventStore.TABLE + " ",
                    "INDEX " + temporary + " ON front." + TABLE + " ");
            if (definition.equals(row.getString(2))) {
                throw new IllegalStateException("unexpected definition of index " + name);
            }
            indexes.add(new Index(name, temporary, definition));
        });
        return indexes;
    }

    /**
     * The new table takes the old one's place and name, indexes and tokens included, in one
     * transaction, with the live processor stopped meanwhile. A query still reading the old table (or
     * another front's batch holding its token) holds the switch back: it waits {@value #LOCK_TIMEOUT}
     * at most at a time (not to queue every new query behind it), and tries again, for
     * {@link #SWITCH_PATIENCE} at most.
     */
    private void switchOver(List<Index> indexes) throws InterruptedException {
        String primaryKey = jdbc.queryForObject("SELECT conname FROM pg_constraint WHERE contype = 'p' AND conrelid = "
                + "to_regclass('front." + AuditEventStore.TABLE + "')", String.class);
        Instant giveUp = Instant.now().plus(SWITCH_PATIENCE);
        while (true) {
            store.processor().shutDown();
            try {
                transactions.executeWithoutResult(tx -> {
                    jdbc.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                    jdbc.execute("SET LOCAL application_name = '" + SWITCH_NAME + "'");
                    // The token rows first, then the table: a processor's batch stores its token before it
                    // inserts its rows (Axon runs the token's prepare-commit step first), so taking the
                    // table first could deadlock with another front's batch in between.
                    jdbc.queryForList("SELECT segment FROM front.token_entry WHERE processor_name IN (?, ?) "
                            + "ORDER BY processor_name, segment FOR UPDATE", AuditEventStore.PROCESSOR, PROCESSOR);
                    jdbc.execute("DROP TABLE front." + AuditEventStore.TABLE);
                    jdbc.execute("ALTER TABLE front." + TABLE + " RENAME TO " + AuditEventStore.TABLE);
                    jdbc.execute("ALTER TABLE front." + AuditEventStore.TABLE + " RENAME CONSTRAINT " + TABLE
                            + "_pkey TO " + primaryKey);
                    for (Index index : indexes) {
                        jdbc.execute("ALTER INDEX front." + index.temporaryName() + " RENAME TO " + index.name());
                    }
                    jdbc.update("DELETE FROM front.token_entry WHERE processor_name = ?", AuditEventStore.PROCESSOR);
                    jdbc.update("UPDATE front.token_entry SET processor_name = ?, owner = NULL WHERE processor_name = ?",
                            AuditEventStore.PROCESSOR, PROCESSOR);
                });
                return;
            } catch (DataAccessException e) {
                if (!mayTryAgain(e) || Instant.now().isAfter(giveUp)) {
                    throw e;
                }
                log.info("audit read model: the old table or its tokens are still in use; trying the switch again");
            } finally {
                store.processor().start();
            }
            Thread.sleep(LOOK_EVERY);
        }
    }

    /** A lock wait that timed out, or a deadlock PostgreSQL broke: the switch rolled back whole and may try again. */
    private static boolean mayTryAgain(DataAccessException e) {
        return e.getMostSpecificCause() instanceof SQLException sql
                && (LOCK_NOT_AVAILABLE.equals(sql.getSQLState()) || DEADLOCK.equals(sql.getSQLState()));
    }

    /** Drops what a replay that did not finish left: its processor, table and tokens. */
    private synchronized void discard() {
        if (projector != null) {
            store.close(projector);
            projector = null;
        }
        jdbc.execute("DROP TABLE IF EXISTS front." + TABLE);
        jdbc.update("DELETE FROM front.token_entry WHERE processor_name = ?", PROCESSOR);
    }

    /** Discards the unfinished table, then lets go of the lock (so that another replay cannot lose its table to us). */
    private void fail(String what, RuntimeException e) {
        log.error("audit read model: {}; the read model in use is unchanged", what, e);
        try {
            discard();
        } catch (RuntimeException again) {
            log.warn("audit read model: could not drop the unfinished replay's table: {}", again.getMessage());
        }
        releaseLock();
        finishedAt = Instant.now();
        message = what + ": " + e.getClass().getSimpleName();
        state = State.FAILED;
    }

    @PreDestroy
    void stop() {
        Thread thread = follower;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private long count(String sql) {
        Long value = jdbc.queryForObject(sql, Long.class);
        return value == null ? 0 : value;
    }
}
