package com.orderdeskmcp.worker.outcomes;

import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.trace.TraceContext;
import com.orderdeskmcp.worker.audit.EventRecorder;
import com.orderdeskmcp.worker.audit.EventRecorder.Recorded;
import com.orderdeskmcp.worker.metrics.WorkerMetrics;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of finished mutations. Every order's thread hands its terminal events here and waits;
 * one thread takes whatever has finished meanwhile, records all of it in one transaction (each
 * event with its ledger row, as {@link EventRecorder} does for one), publishes all of it and waits
 * for Kafka once, then releases the waiting threads. Under load a group holds many mutations, so
 * the commit, the WAL flush and the Kafka round trip are paid once per group instead of once per
 * mutation; alone, a mutation goes through at once. If the database refuses a group, its parts
 * are recorded one by one, so that one bad part fails alone; if the database or Kafka is out of
 * reach, the whole group fails at once (every part's batch is retried with backoff, and a part
 * already recorded is then only published again).
 */
@Component
public class OutcomeCommitter {

    private static final Logger log = LoggerFactory.getLogger(OutcomeCommitter.class);
    /** Events per group at most: bounds a transaction's size and how long the first waits. */
    private static final int MAX_GROUP_EVENTS = 500;

    private record Pending(List<MutationEvent> events, Map<String, TraceContext> traces,
                           CompletableFuture<List<Recorded>> done) {
    }

    private final EventRecorder recorder;
    private final OutcomePublisher publisher;
    private final WorkerMetrics metrics;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean running = true;

    public OutcomeCommitter(EventRecorder recorder, OutcomePublisher publisher, WorkerMetrics metrics) {
        this.recorder = recorder;
        this.publisher = publisher;
        this.metrics = metrics;
        this.committer = Thread.ofPlatform().name("outcome-committer").daemon().start(this::commitLoop);
    }

    /**
     * Records and publishes {@code events} (in this order), returning once Kafka has them.
     *
     * @return each event as recorded (for a mutation recorded before: the earlier record)
     * @throws IllegalStateException if the database or Kafka failed; nothing may be committed then
     */
    public List<Recorded> commit(List<MutationEvent> events, Map<String, TraceContext> traces) {
        if (events.isEmpty()) {
            return List.of();
        }
        Pending pending = new Pending(List.copyOf(events), traces, new CompletableFuture<>());
        queue.add(pending);
        if (!running && queue.remove(pending)) {
            throw new IllegalStateException("the worker is stopping");
        }
        try {
            return pending.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording " + events.getFirst().mutationId(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException(e.getCause());
        }
    }

    private void commitLoop() {
        while (running || !queue.isEmpty()) {
            List<Pending> group = new ArrayList<>();
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int events = group.getFirst().events().size();
            while (events < MAX_GROUP_EVENTS && queue.peek() != null) {
                Pending next = queue.poll();
                group.add(next);
                events += next.events().size();
            }
            try {
                commitGroup(group);
            } catch (RuntimeException e) {
                // Never let this thread die: every order waiting on it would wait for ever.
                log.error("recording a group of {} finished commands (mutations {}) failed unexpectedly", group.size(),
                        mutationIds(group), e);
                group.forEach(pending -> pending.done().completeExceptionally(e));
            }
        }
    }

    private void commitGroup(List<Pending> group) {
        List<MutationEvent> events = new ArrayList<>();
        Map<String, TraceContext> traces = new HashMap<>();
        for (Pending pending : group) {
            events.addAll(pending.events());
            traces.putAll(pending.traces());
        }
        List<Recorded> recorded;
        try {
            recorded = recorder.recordAll(events);
        } catch (RuntimeException e) {
            if (group.size() > 1 && partSpecific(e)) {
                log.warn("a group of {} finished commands (mutations {}) could not be recorded ({}); recording them"
                        + " one by one", group.size(), mutationIds(group), e.toString());
                group.forEach(pending -> commitGroup(List.of(pending)));
            } else {
                group.forEach(pending -> pending.done().completeExceptionally(e));
            }
            return;
        }
        try {
            // Kafka is all or nothing for the group: a part alone would wait for the same broker.
            publisher.publishAll(recorded, traces);
        } catch (RuntimeException e) {
            group.forEach(pending -> pending.done().completeExceptionally(e));
            return;
        }
        metrics.outcomesCommitted(recorded.size());
        int from = 0;
        for (Pending pending : group) {
            int to = from + pending.events().size();
            pending.done().complete(recorded.subList(from, to));
            from = to;
        }
    }

    private static List<String> mutationIds(List<Pending> group) {
        return group.stream().flatMap(pending -> pending.events().stream()).map(MutationEvent::mutationId).toList();
    }

    /**
     * Whether a failure to record may be caused by one part of the group (a row the database refuses)
     * rather than by the database being out of reach, which recording the parts one by one would only
     * meet once per part, each after a connection timeout.
     */
    static boolean partSpecific(RuntimeException failure) {
        return !(failure instanceof DataAccessResourceFailureException
                || failure instanceof TransientDataAccessException
                || failure instanceof RecoverableDataAccessException
                || failure instanceof TransactionException);
    }

    /** After the consumer has stopped (its running mutations may still hand events in until then). */
    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        committer.join(30_000);
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("the worker stopped before recording this"));
        }
    }
}
