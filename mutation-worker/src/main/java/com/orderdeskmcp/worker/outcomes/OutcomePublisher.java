package com.orderdeskmcp.worker.outcomes;

import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.CacheInvalidation;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.worker.WorkerProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

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

    public void publish(MutationEvent event) {
        String key = event.key().value();
        CompletableFuture<?> outcome = kafka.send(Topics.EVENTS, key, JsonCodec.encode(event));
        CompletableFuture<?> invalidation = kafka.send(Topics.INVALIDATIONS, key,
                JsonCodec.encode(CacheInvalidation.of(event)));
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
}
