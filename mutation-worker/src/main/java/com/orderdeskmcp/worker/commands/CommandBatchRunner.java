package com.orderdeskmcp.worker.commands;

import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.stores.StoreVault;
import com.orderdeskmcp.worker.WorkerProperties;
import com.orderdeskmcp.worker.audit.EventRecorder;
import com.orderdeskmcp.worker.metrics.WorkerMetrics;
import com.orderdeskmcp.worker.outcomes.OutcomeCommitter;
import com.orderdeskmcp.worker.outcomes.OutcomePublisher;
import com.orderdeskmcp.model.trace.TraceContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the records of one key that go together: decode, skip what the ledger already finished
 * (re-publishing its outcome), carry out the rest, then record and publish their terminal events
 * through the {@link OutcomeCommitter} (together with whatever other keys finished meanwhile). Only
 * infrastructure failures (database, Kafka) escape a step; the batch is then run again with
 * backoff, never skipped, while other keys go on.
 */
@Component
public class CommandBatchRunner {

    private static final Logger log = LoggerFactory.getLogger(CommandBatchRunner.class);

    private final MutationExecutor executor;
    private final EventRecorder recorder;
    private final OutcomePublisher publisher;
    private final OutcomeCommitter committer;
    private final DeadLetters deadLetters;
    private final StoreVault vault;
    private final WorkerProperties properties;
    private final WorkerMetrics metrics;
    private final StorePermits permits;

    CommandBatchRunner(MutationExecutor executor, EventRecorder recorder, OutcomePublisher publisher,
                       OutcomeCommitter committer, DeadLetters deadLetters, StoreVault vault, WorkerProperties properties, WorkerMetrics metrics,
                       StorePermits permits) {
        this.metrics = metrics;
        this.permits = permits;
        this.executor = executor;
        this.recorder = recorder;
        this.publisher = publisher;
        this.committer = committer;
        this.deadLetters = deadLetters;
        this.vault = vault;
        this.properties = properties;
    }

    /** Consecutive order updates at the head of a key's queue go together (coalescing); anything else alone. */
    public int batchSize(List<ConsumerRecord<String, String>> queued) {
        int size = 0;
        for (ConsumerRecord<String, String> record : queued) {
            if (size >= properties.maxCoalesced() || !(decode(record).orElse(null) instanceof UpdateOrder)) {
                break;
            }
            size++;
        }
        return Math.max(1, size);
    }

    public void run(List<ConsumerRecord<String, String>> batch) {
        Duration wait = Duration.ofMillis(500);
        while (true) {
            try {
                process(batch);
                return;
            } catch (RuntimeException e) {
                ConsumerRecord<String, String> first = batch.getFirst();
                List<String> mutations = batch.stream().flatMap(r -> decode(r).stream())
                        .map(MutationCommand::mutationId).toList();
                log.warn("records {}-{}@{} (+{}) of mutations {} failed, retrying in {}: {}", first.topic(),
                        first.partition(), first.offset(), batch.size() - 1, mutations, wait, e.toString(), e);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while retrying", interrupted);
                }
                wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : wait.multipliedBy(2);
            }
        }
    }

    private void process(List<ConsumerRecord<String, String>> batch) {
        List<MutationCommand> toDo = new ArrayList<>();
        Map<String, TraceContext> traces = new HashMap<>();
        List<EventRecorder.Recorded> redelivered = new ArrayList<>();
        for (ConsumerRecord<String, String> record : batch) {
            Optional<MutationCommand> command = decode(record);
            if (command.isEmpty()) {
                deadLetters.send(record, reasonUndecodable(record));
                continue;
            }
            traces.put(command.get().mutationId(), trace(record));
            Optional<EventRecorder.Recorded> finished = recorder.recorded(command.get().mutationId());
            if (finished.isPresent()) {
                redelivered.add(finished.get());
            } else {
                toDo.add(command.get());
            }
        }
        if (!redelivered.isEmpty()) {
            publisher.publishAll(redelivered, traces); // a redelivery: the outcome may not have reached everyone
        }
        // One key per batch, so one store: the batch takes one of the store's turns for its upstream work.
        List<MutationEvent> done = toDo.isEmpty() ? List.of()
                : permits.carryOut(toDo.getFirst().header().storeId(), () -> carryOut(toDo, traces));
        for (EventRecorder.Recorded recorded : committer.commit(done, traces)) {
            MutationEvent event = recorded.event();
            MDC.put("mutation_id", event.mutationId());
            MDC.put("trace_id", traces.getOrDefault(event.mutationId(), TraceContext.newTrace()).traceId());
            try {
                metrics.completed(event);
                log.info("{} of {} ended: {} after {} call(s)", event.kind(), event.key(),
                        event.getClass().getSimpleName(), event.attempts().size());
            } finally {
                MDC.remove("mutation_id");
                MDC.remove("trace_id");
            }
        }
    }

    /** The trace the front started or continued for this command; a new one if it came without. */
    private static TraceContext trace(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(TraceContext.HEADER);
        return Optional.ofNullable(header).flatMap(h -> TraceContext.parse(new String(h.value(), StandardCharsets.UTF_8)))
                .map(TraceContext::child).orElseGet(TraceContext::newTrace);
    }

    private List<MutationEvent> carryOut(List<MutationCommand> commands, Map<String, TraceContext> traces) {
        if (commands.size() > 1 && commands.stream().allMatch(c -> c instanceof UpdateOrder)) {
            List<UpdateOrder> updates = commands.stream().map(c -> (UpdateOrder) c).toList();
            UpdateOrder first = updates.getFirst();
            var store = vault.credentials(first.header().tenantId(), first.header().storeId());
            boolean sameTenant = updates.stream().allMatch(u -> u.header().tenantId().equals(first.header().tenantId()));
            if (store.isPresent() && sameTenant) {
                metrics.coalesced(updates.size());
                return executor.updateAll(store.get(), updates);
            }
        }
        List<MutationEvent> events = new ArrayList<>();
        for (MutationCommand command : commands) {
            MDC.put("mutation_id", command.mutationId());
            MDC.put("trace_id", traces.get(command.mutationId()).traceId());
            try {
                events.add(executor.execute(command));
            } finally {
                MDC.remove("mutation_id");
                MDC.remove("trace_id");
            }
        }
        return events;
    }

    private static Optional<MutationCommand> decode(ConsumerRecord<String, String> record) {
        try {
            return Optional.ofNullable(record.value()).map(value -> JsonCodec.decode(value, MutationCommand.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String reasonUndecodable(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return "empty record";
        }
        try {
            JsonCodec.decode(record.value(), MutationCommand.class);
            return "unknown";
        } catch (RuntimeException e) {
            return "not a mutation command: " + e.getMessage();
        }
    }
}
