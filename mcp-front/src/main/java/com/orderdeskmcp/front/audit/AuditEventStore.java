package com.orderdeskmcp.front.audit;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the read-model processor once the worker's event tables exist (the front may well start
 * first, on an empty database): until then it looks again every {@code front.audit.event-store-wait},
 * instead of failing. Stops it with the application.
 */
public final class AuditEventStore implements SmartLifecycle {

    /** The processor that keeps {@code front.audit_event} current (its tokens' name in front.token_entry). */
    static final String PROCESSOR = "audit-read-model";
    static final String TABLE = "audit_event";

    /**
     * Makes a processor named {@code name} that projects the event store into {@code front.<table>},
     * when it has no tokens yet from {@code from} (null: from the first event).
     */
    @FunctionalInterface
    interface Projectors {
        Projector create(String name, String table, TrackingToken from);
    }

    /** A processor with the threads it was given, which Axon leaves to their owner to stop. */
    record Projector(StreamingEventProcessor processor, List<ExecutorService> threads) {
        /**
         * Stops the processor, then its threads. Bounded: a coordinator waiting for a database
         * connection that will not come (the database went first) must not hold a shutdown.
         */
        void close() {
            try {
                processor.shutdownAsync().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                log.warn("{}: the processor did not stop cleanly within 10 s: {}", processor.getName(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            threads.forEach(ExecutorService::shutdownNow);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(AuditEventStore.class);

    private final EmbeddedEventStore events;
    private final Projectors projectors;
    private final Projector live;
    /** Processors made for replays and not yet closed: stopped with the application, before the event store. */
    private final Set<Projector> others = ConcurrentHashMap.newKeySet();
    private final JdbcTemplate jdbc;
    private final AuditProperties properties;
    private volatile boolean running;
    private volatile Thread waiter;

    AuditEventStore(EmbeddedEventStore events, Projectors projectors, JdbcTemplate jdbc, AuditProperties properties) {
        this.events = events;
        this.projectors = projectors;
        this.live = projectors.create(PROCESSOR, TABLE, null);
        this.jdbc = jdbc;
        this.properties = properties;
    }

    StreamingEventProcessor processor() {
        return live.processor();
    }

    /**
     * Another processor of the same event store and token table, into another table (a replay's),
     * going on from {@code from}.
     */
    Projector projector(String name, String table, TrackingToken from) {
        Projector projector = projectors.create(name, table, from);
        others.add(projector);
        return projector;
    }

    void close(Projector projector) {
        others.remove(projector);
        projector.close();
    }

    /** Whether the worker has created the event store yet. */
    boolean exists() {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT to_regclass('public.domain_event_entry') IS NOT NULL", Boolean.class));
    }

    boolean processing() {
        return live.processor().isRunning();
    }

    Collection<EventTrackerStatus> status() {
        return live.processor().processingStatus().values();
    }

    @Override
    public void start() {
        running = true;
        if (!properties.projection()) {
            return;
        }
        waiter = Thread.ofVirtual().name("audit-read-model-start").start(() -> {
            boolean told = false;
            while (running) {
                try {
                    if (exists()) {
                        live.processor().start();
                        return;
                    }
                    if (!told) {
                        log.info("audit read model: waiting for the worker to create the event store");
                        told = true;
                    }
                } catch (RuntimeException e) {
                    log.warn("audit read model: cannot look for the event store yet: {}", e.getMessage());
                }
                try {
                    Thread.sleep(properties.eventStoreWait());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = waiter;
        if (thread != null) {
            thread.interrupt();
        }
        others.forEach(this::close);
        live.close();
        events.shutDown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
