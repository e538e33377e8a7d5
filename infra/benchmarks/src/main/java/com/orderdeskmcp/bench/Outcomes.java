package com.orderdeskmcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads the outcome topic as mcp-front does and notes when each mutation's terminal event arrived.
 * Starts at the topic's end, so it sees only what happens after it was created.
 */
final class Outcomes implements AutoCloseable {

    /**
     * @param type        the terminal event, e.g. {@code OrderMutated}
     * @param arrived     {@link System#nanoTime()} when this reader received it
     * @param appliedWith how many other mutations were applied in the same upstream write (coalescing)
     * @param calls       upstream calls recorded in the event
     */
    record Outcome(String type, long arrived, int appliedWith, int calls, List<String> failedCalls) {
    }

    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Consumer<String> onArrival = id -> {
    };

    Outcomes(String bootstrapServers) throws InterruptedException {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10));
        reader = Thread.ofPlatform().daemon().name("bench-outcomes").start(this::read);
        if (!positioned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the outcome reader could not position itself on " + Topics.EVENTS);
        }
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVENTS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    JsonNode event = JsonCodec.tree(record.value());
                    String id = event.path("header").path("mutationId").asText();
                    List<String> failed = new ArrayList<>();
                    for (JsonNode attempt : event.path("attempts")) {
                        if (attempt.path("status").asInt() != 200) {
                            String step = attempt.path("step").asText();
                            failed.add(step.substring(0, Math.max(0, step.indexOf(' '))) + " "
                                    + attempt.path("status").asInt() + " " + attempt.path("outcome").asText());
                        }
                    }
                    if (outcomes.putIfAbsent(id, new Outcome(event.path("type").asText(), now,
                            event.path("appliedWith").size(), event.path("attempts").size(), List.copyOf(failed))) == null) {
                        onArrival.accept(id);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                System.err.println("outcome reader stopped: " + e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Called on this reader's thread with each mutation id when its first outcome arrives, until
     * replaced; a closed-loop load sends an order's next update from here.
     */
    void onArrival(Consumer<String> listener) {
        onArrival = listener;
    }

    /** Waits until every id has an outcome; returns how many are still missing after {@code timeout}. */
    int await(Collection<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int missing = (int) ids.stream().filter(id -> !outcomes.containsKey(id)).count();
            if (missing == 0 || System.nanoTime() > deadline) {
                return missing;
            }
            Thread.sleep(missing > 100 ? 50 : 5);
        }
    }

    Outcome get(String id) {
        return outcomes.get(id);
    }

    /** When the given share (0..1) of these ids had an outcome, as {@link System#nanoTime()}; 0 if never. */
    long arrivalOfShare(Collection<String> ids, double share) {
        long[] arrivals = ids.stream().map(outcomes::get).filter(o -> o != null).mapToLong(Outcome::arrived).sorted()
                .toArray();
        int index = (int) Math.ceil(share * ids.size()) - 1;
        return index < arrivals.length && index >= 0 ? arrivals[index] : 0;
    }

    /** The latest arrival among these ids. */
    long lastArrival(Collection<String> ids) {
        return ids.stream().map(outcomes::get).filter(o -> o != null).mapToLong(Outcome::arrived).max().orElse(0);
    }

    /** Terminal event types and their counts among these ids. */
    Map<String, Long> types(Collection<String> ids) {
        Map<String, Long> types = new TreeMap<>();
        for (String id : ids) {
            Outcome outcome = outcomes.get(id);
            types.merge(outcome == null ? "(none)" : outcome.type(), 1L, Long::sum);
        }
        return types;
    }

    /** Upstream calls that did not succeed, e.g. {@code "PUT 0 transient"} (0 = no answer), with counts. */
    Map<String, Long> failedCalls(Collection<String> ids) {
        Map<String, Long> failed = new TreeMap<>();
        for (String id : ids) {
            Outcome outcome = outcomes.get(id);
            if (outcome != null) {
                outcome.failedCalls().forEach(call -> failed.merge(call, 1L, Long::sum));
            }
        }
        return failed;
    }

    long count(Collection<String> ids, String type) {
        return ids.stream().map(outcomes::get).filter(o -> o != null && o.type().equals(type)).count();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(10_000);
    }
}
