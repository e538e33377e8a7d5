package com.orderdeskmcp.front.mutations;

import com.orderdeskmcp.front.FrontProperties;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.trace.TraceContext;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Hands commands to Kafka and waits, bounded, for their outcomes. A command counts as accepted only
 * once Kafka has it (acks=all); a waiter is registered before sending (or before looking in the
 * ledger) so that an outcome arriving quickly is never missed.
 */
@Component
public class MutationGateway {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaTemplate<String, String> kafka;
    private final Duration wait;
    private final ConcurrentMap<String, CompletableFuture<MutationEvent>> waiting = new ConcurrentHashMap<>();

    public MutationGateway(KafkaTemplate<String, String> kafka, FrontProperties properties) {
        this.kafka = kafka;
        this.wait = properties.mutationWait();
    }

    /** Thrown when Kafka did not take the command: nothing was accepted, the agent may try again. */
    public static final class NotAccepted extends RuntimeException {
        NotAccepted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Waits for the outcome of {@code mutationId}: first registers, then runs {@code start} (send the
     * command, or look for an outcome already recorded), then waits up to the configured time.
     *
     * @param progress called about once a second while waiting, with the seconds waited so far
     * @return the terminal event, or empty if it did not arrive within the wait
     */
    public Optional<MutationEvent> await(String mutationId, Supplier<Optional<MutationEvent>> start, IntConsumer progress) {
        CompletableFuture<MutationEvent> outcome = waiting.computeIfAbsent(mutationId, id -> new CompletableFuture<>());
        try {
            Optional<MutationEvent> already = start.get();
            if (already.isPresent()) {
                return already;
            }
            long deadline = System.nanoTime() + wait.toNanos();
            int second = 0;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(outcome.get(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    progress.accept(++second);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("outcome future failed", e.getCause());
        } finally {
            waiting.remove(mutationId, outcome);
        }
    }

    public long waitSeconds() {
        return wait.toSeconds();
    }

    /** Called by the fanout listener for every outcome any worker publishes. */
    void outcomeArrived(MutationEvent event) {
        CompletableFuture<MutationEvent> waiter = waiting.get(event.mutationId());
        if (waiter != null) {
            waiter.complete(event);
        }
    }

    /**
     * Sends one command and returns once Kafka has it (acks=all), or throws {@link NotAccepted}.
     * The trace goes along in a {@code traceparent} record header.
     */
    public void send(MutationCommand command, TraceContext trace) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.COMMANDS, command.key().value(),
                JsonCodec.encode(command));
        record.headers().add(TraceContext.HEADER, trace.child().header().getBytes(StandardCharsets.UTF_8));
        try {
            kafka.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAccepted("interrupted before the mutation queue accepted the change; nothing was changed", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new NotAccepted("the mutation queue did not accept the change; nothing was changed, try again", e);
        }
    }
}
