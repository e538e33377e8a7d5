package com.orderdeskmcp.worker.outcomes;

import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.CacheInvalidation;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.worker.WorkerProperties;
import com.orderdeskmcp.model.trace.TraceContext;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes a recorded outcome and the cache invalidation it implies, and waits until Kafka has
 * both (acks=all): only then may the command's offset be committed.
 */
@Component
public class OutcomePublisher {

    private final KafkaTemplate<String, String> kafka;
    private final WorkerProperties properties;

    public OutcomePublisher(KafkaTemplate<String, String> kafka, WorkerProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    /** @param trace the mutation's trace, passed on in a {@code traceparent} header of both records */
    public void publish(MutationEvent event, TraceContext trace) {
        String key = event.key().value();
        CompletableFuture<?> outcome = kafka.send(traced(Topics.EVENTS, key, JsonCodec.encode(event), trace));
        CompletableFuture<?> invalidation = kafka.send(traced(Topics.INVALIDATIONS, key,
                JsonCodec.encode(CacheInvalidation.of(event)), trace));
        try {
            CompletableFuture.allOf(outcome, invalidation)
                    .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the outcome of " + event.mutationId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take the outcome of " + event.mutationId(), e);
        }
    }

    private static ProducerRecord<String, String> traced(String topic, String key, String value, TraceContext trace) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(TraceContext.HEADER, trace.child().header().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
