package com.orderdeskmcp.front.audit;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Collection;

/**
 * Rebuilds the audit read model from the first event while the front keeps serving: the processor
 * is stopped, its token reset (which empties the read model in the same transaction) and started
 * again; it then reads the whole event store and catches up with new events as usual. Queries made
 * meanwhile see the part rebuilt so far. The token is shared by every front instance, so the replay
 * must be asked of the instance whose processor holds it (with one instance: always).
 */
@Service
public class AuditReplay {

    private static final Logger log = LoggerFactory.getLogger(AuditReplay.class);

    public enum State { IDLE, REPLAYING, DONE, FAILED }

    public record Progress(State state, long eventsProcessed, long eventsTotal, Instant startedAt,
                           Instant finishedAt, String message) {
    }

    private final AuditEventStore store;
    private final JdbcTemplate jdbc;
    private State state = State.IDLE;
    private Instant startedAt;
    private Instant finishedAt;
    private String message;
    /** The newest event when the replay started: the replay is done once the processor has passed it. */
    private long target;

    public AuditReplay(AuditEventStore store, JdbcTemplate jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /** Starts a replay, unless one is running; answers the progress either way. */
    public synchronized Progress start() {
        if (progress().state() == State.REPLAYING) {
            return progress();
        }
        if (!store.processing()) {
            throw new AuditQueries.AuditProblem(store.exists()
                    ? "the audit processor is not running on this instance"
                    : "there is no event store yet (no worker has started)");
        }
        var processor = store.processor();
        try {
            processor.shutDown();
            target = count("SELECT coalesce(max(global_index), 0) FROM public.domain_event_entry");
            // From the very first event (a plain tail token, not the default initial token, which
            // would nest one replay in another).
            processor.resetTokens(source -> source.createTailToken());
            startedAt = Instant.now();
            finishedAt = null;
            message = null;
            state = State.REPLAYING;
            log.info("audit read model: replay from the first event started");
        } catch (RuntimeException e) {
            state = State.FAILED;
            message = "the replay could not start: " + e.getClass().getSimpleName();
            log.error("audit read model: replay could not start", e);
        } finally {
            processor.start();
        }
        return progress();
    }

    public synchronized Progress progress() {
        long total = store.exists() ? count("SELECT count(*) FROM public.domain_event_entry") : 0;
        long processed = count("SELECT count(*) FROM front.audit_event");
        if (state == State.REPLAYING) {
            Collection<EventTrackerStatus> status = store.status();
            if (status.stream().anyMatch(EventTrackerStatus::isErrorState)) {
                message = "the processor meets errors and retries; see the log";
            } else if (!status.isEmpty() && status.stream().allMatch(s -> s.isCaughtUp()
                    && s.getCurrentPosition().orElse(0) >= target)) {
                // By position, not Axon's replay flag: a row missing for good from the event store (a
                // rolled-back insert, a deleted event) leaves a gap that keeps the flag set.
                state = State.DONE;
                finishedAt = Instant.now();
                message = null;
                log.info("audit read model: replay done, {} events", processed);
            }
        }
        return new Progress(state, processed, total, startedAt, finishedAt, message);
    }

    private long count(String sql) {
        Long value = jdbc.queryForObject(sql, Long.class);
        return value == null ? 0 : value;
    }
}
