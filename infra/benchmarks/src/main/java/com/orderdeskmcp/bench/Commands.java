package com.orderdeskmcp.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationHeader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sends update commands the way mcp-front does: JSON on the command topic, keyed by store/order,
 * acks=all, idempotent producer.
 */
final class Commands implements AutoCloseable {

    /** One update to send. */
    record Update(String tenant, String store, String orderId, ObjectNode changes) {
    }

    private final KafkaProducer<String, String> producer;
    private final List<Future<?>> pending = new ArrayList<>();

    Commands(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    /**
     * Sends without waiting; {@link #flush()} waits for every acknowledgement. Returns the mutation id.
     * Synchronized: a closed-loop load also sends from the outcome reader's thread.
     */
    synchronized String send(Update update) {
        String mutationId = "bench-" + UUID.randomUUID();
        MutationCommand command = new MutationCommand.UpdateOrder(
                new MutationHeader(mutationId, update.tenant(), update.store(), null, "bench", Instant.now()),
                update.orderId(), update.changes());
        pending.add(producer.send(new ProducerRecord<>(Topics.COMMANDS, command.key().value(),
                JsonCodec.encode(command))));
        return mutationId;
    }

    List<String> sendAll(List<Update> updates) {
        List<String> ids = new ArrayList<>(updates.size());
        for (Update update : updates) {
            ids.add(send(update));
        }
        return ids;
    }

    void flush() throws Exception {
        producer.flush();
        List<Future<?>> sent;
        synchronized (this) {
            sent = List.copyOf(pending);
            pending.clear();
        }
        for (Future<?> future : sent) {
            future.get(60, TimeUnit.SECONDS);
        }
    }

    /** A typical agent change: a scalar, a key of a merged address object and a free-form metadata key. */
    static ObjectNode typicalChange(String tag) {
        ObjectNode changes = JsonCodec.object();
        changes.put("email", typicalEmail(tag));
        changes.putObject("shipping").put("address2", "Suite " + tag);
        changes.putObject("order_metadata").put("bench_tag", tag);
        return changes;
    }

    /** The e-mail address {@link #typicalChange} sets for {@code tag}: how an order shows it got that change. */
    static String typicalEmail(String tag) {
        return tag + "@bench.example.com";
    }

    @Override
    public void close() {
        producer.close();
    }
}
