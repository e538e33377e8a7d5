package com.orderdeskmcp.worker.commands;

import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.worker.audit.EventRecorder;
import com.orderdeskmcp.worker.orders.OrderUpdater;
import com.orderdeskmcp.worker.outcomes.OutcomePublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Takes one command at a time from a partition: carry it out, record its terminal event, publish
 * the outcome; the container commits the offset only after this returns, so a crash at any point
 * leads to redelivery, and the ledger turns a redelivery of a finished mutation into a re-publish.
 */
@Component
class CommandListener {

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final OrderUpdater orderUpdater;
    private final EventRecorder recorder;
    private final OutcomePublisher publisher;

    CommandListener(OrderUpdater orderUpdater, EventRecorder recorder, OutcomePublisher publisher) {
        this.orderUpdater = orderUpdater;
        this.recorder = recorder;
        this.publisher = publisher;
    }

    @KafkaListener(id = "mutation-commands", topics = Topics.COMMANDS)
    void onCommand(ConsumerRecord<String, String> record) {
        MutationEvent outcome;
        try {
            MutationCommand command = JsonCodec.decode(record.value(), MutationCommand.class);
            outcome = recorder.recorded(command.mutationId()).orElseGet(() -> recorder.record(execute(command)));
            publisher.publish(outcome);
        } catch (RuntimeException e) {
            // The error handler retries or dead-letters it; the operator needs to see why.
            log.warn("command at {}-{}@{} failed: {}", record.topic(), record.partition(), record.offset(), e.toString(), e);
            throw e;
        }
        log.info("mutation {} of {} ended: {} after {} attempt(s)", outcome.mutationId(), outcome.key(),
                outcome.getClass().getSimpleName(), outcome.attempts().size());
    }

    private MutationEvent execute(MutationCommand command) {
        return switch (command) {
            case MutationCommand.UpdateOrder update -> orderUpdater.apply(update);
            default -> new MutationEvent.MutationRejected(command.header(), command.kind(), command.subject(),
                    command.requested(), 501, "this worker version does not carry out " + command.kind() + " yet",
                    java.util.List.of(), java.time.Instant.now());
        };
    }
}
