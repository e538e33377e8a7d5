package com.orderdeskmcp.worker.outcomes;

import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.CacheInvalidation;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.worker.WorkerProperties;
import com.orderdeskmcp.worker.audit.EventRecorder;
import com.orderdeskmcp.model.trace.TraceContext;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes recorded outcomes and the cache invalidations they imply, and waits until Kafka has
 * them all (acks=all): only then may the commands' offsets be committed.
 */
@Component
public class OutcomePublisher {

    private final KafkaTemplate<String, String> kafka;
    private final WorkerProperties properties;

    public OutcomePublisher(KafkaTemplate<String, String> kafka, WorkerProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    /**
     * Publishes every outcome (with its invalidation) and waits once for all of them.
     *
     * @param traces each mutation's trace, passed on in a {@code traceparent} header of both its records
     */
    public void publishAll(List<EventRecorder.Recorded> outcomes, Map<String, TraceContext> traces) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (EventRecorder.Recorded outcome : outcomes) {
            MutationEvent event = outcome.event();
            String key = event.key().value();
            TraceContext trace = traces.getOrDefault(event.mutationId(), TraceContext.newTrace());
            sent.add(kafka.send(traced(Topics.EVENTS, key, outcome.json(), trace)));
            sent.add(kafka.send(traced(Topics.INVALIDATIONS, key, JsonCodec.encode(CacheInvalidation.of(event)), trace)));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + outcomes.size() + " outcome(s)", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take " + outcomes.size() + " outcome(s), the first of "
                    + outcomes.getFirst().event().mutationId(), e);
        }
    }

    private static ProducerRecord<String, String> traced(String topic, String key, String value, TraceContext trace) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(TraceContext.HEADER, trace.child().header().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
