package com.orderdeskmcp.front.audit;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the read-model processor once the worker's event tables exist (the front may well start
 * first, on an empty database): until then it looks again every {@code front.audit.event-store-wait},
 * instead of failing. Stops it with the application.
 */
public final class AuditEventStore implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditEventStore.class);

    private final EmbeddedEventStore events;
    private final StreamingEventProcessor processor;
    private final JdbcTemplate jdbc;
    private final AuditProperties properties;
    private volatile boolean running;
    private volatile Thread waiter;

    AuditEventStore(EmbeddedEventStore events, StreamingEventProcessor processor, JdbcTemplate jdbc,
                    AuditProperties properties) {
        this.events = events;
        this.processor = processor;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    StreamingEventProcessor processor() {
        return processor;
    }

    /** Whether the worker has created the event store yet. */
    boolean exists() {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT to_regclass('public.domain_event_entry') IS NOT NULL", Boolean.class));
    }

    boolean processing() {
        return processor.isRunning();
    }

    Collection<EventTrackerStatus> status() {
        return processor.processingStatus().values();
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
                        processor.start();
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
        // Bounded: a coordinator waiting for a database connection that will not come (the database
        // went first) must not hold the application's shutdown.
        try {
            processor.shutdownAsync().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("audit read model: the processor did not stop cleanly within 10 s: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.shutDown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
