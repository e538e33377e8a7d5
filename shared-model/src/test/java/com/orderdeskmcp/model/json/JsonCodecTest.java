package com.orderdeskmcp.model.json;

import com.orderdeskmcp.model.kafka.StreamKey;
import com.orderdeskmcp.model.kafka.TopicSpec;
import com.orderdeskmcp.model.kafka.Topics;
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.model.mutation.Attempt;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.client.UpstreamFailure;
import com.fasterxml.jackson.core.util.RecyclerPool;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonCodecTest {

    private static final Instant T = Instant.parse("2026-11-28T10:15:30.123Z");
    private static final MutationHeader HEADER = new MutationHeader("m-1", "t-1", "1001", null, "tok_abc", T);

    @Test
    void commandsRoundTripThroughTheSealedType() {
        MutationCommand command = new MutationCommand.UpdateOrder(HEADER, "5", JsonCodec.object().put("email", "x@y.z"));

        String json = JsonCodec.encode(command);
        MutationCommand back = JsonCodec.decode(json, MutationCommand.class);

        assertThat(json).contains("\"type\":\"UpdateOrder\"", "\"acceptedAt\":\"2026-11-28T10:15:30.123Z\"")
                .doesNotContain("\"subject\"", "\"requested\"", "\"key\"");
        assertThat(back).isEqualTo(command);
    }

    @Test
    void eventsRoundTripAndKeepTheirKind() {
        MutationEvent event = new MutationEvent.ConflictExhausted(HEADER, "UpdateOrder", "5", JsonCodec.object(),
                List.of(new Attempt(1, "PUT /orders/5", T, 12, 409, "conflict")), T.plusSeconds(3));

        MutationEvent back = JsonCodec.decode(JsonCodec.encode(event), MutationEvent.class);

        assertThat(back).isInstanceOf(MutationEvent.ConflictExhausted.class).isEqualTo(event);
    }

    @Test
    void everyCommandKindRoundTrips() {
        com.fasterxml.jackson.databind.node.ObjectNode body = JsonCodec.object().put("name", "x");
        List<MutationCommand> all = List.of(
                new MutationCommand.CreateOrder(HEADER, body),
                new MutationCommand.DeleteOrder(HEADER, "5"),
                new MutationCommand.MoveOrder(HEADER, "5", null, "Shipped"),
                new MutationCommand.AddOrderNote(HEADER, "5", "hello", "API"),
                new MutationCommand.AddOrderItem(HEADER, "5", body),
                new MutationCommand.UpdateOrderItem(HEADER, "5", "9", body),
                new MutationCommand.DeleteOrderItem(HEADER, "5", "9"),
                new MutationCommand.AddShipment(HEADER, "5", body),
                new MutationCommand.UpdateShipment(HEADER, "5", "7", body),
                new MutationCommand.DeleteShipment(HEADER, "5", "7"),
                new MutationCommand.AddShipments(HEADER, "5", List.of(body, body)),
                new MutationCommand.CreateInventoryItem(HEADER, body),
                new MutationCommand.UpdateInventoryItem(HEADER, "3", body),
                new MutationCommand.DeleteInventoryItem(HEADER, "3"));
        for (MutationCommand command : all) {
            assertThat(JsonCodec.decode(JsonCodec.encode(command), MutationCommand.class)).isEqualTo(command);
        }
    }

    @Test
    void keysAreStoreThenSubject() {
        assertThat(new MutationCommand.DeleteOrder(HEADER, "55").key().value()).isEqualTo("1001/55");
        assertThat(new MutationCommand.DeleteInventoryItem(HEADER, "3").key().value()).isEqualTo("1001/inventory/3");
        assertThat(new MutationCommand.CreateOrder(HEADER, JsonCodec.object()).key().value()).isEqualTo("1001/new/m-1");
        assertThat(StreamKey.parse("1001/inventory/3")).isEqualTo(new StreamKey("1001", "inventory/3"));
        assertThat(StreamKey.storeIdOf("1001/inventory/3")).isEqualTo("1001");
        assertThat(StreamKey.storeIdOf("not-a-key")).isEqualTo("not-a-key");
        // Where tests and benchmarks expect a key's commands: where Kafka's producer puts them.
        for (String key : List.of("1001/42", "1001/inventory/3", "2002/100040")) {
            assertThat(TopicSpec.partitionFor(Topics.COMMANDS, key))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 12));
        }
        assertThat(TopicSpec.partitionsOf(Topics.COMMANDS)).isEqualTo(12);
    }

    @Test
    void credentialsNeverPrintTheirKey() {
        assertThat(new StoreCredentials("1001", "s3cr3t-key").toString()).doesNotContain("s3cr3t");
    }

    @Test
    void retryDecisionByStatus() {
        assertThat(UpstreamFailure.of(409)).isEqualTo(UpstreamFailure.CONFLICT);
        assertThat(UpstreamFailure.of(429)).isEqualTo(UpstreamFailure.RATE_LIMITED);
        assertThat(List.of(0, 500, 502, 503, 408)).allMatch(s -> UpstreamFailure.of(s) == UpstreamFailure.TRANSIENT);
        assertThat(List.of(400, 401, 404, 422)).allMatch(s -> UpstreamFailure.of(s) == UpstreamFailure.FINAL);
    }

    @Test
    void virtualThreadsReuseOneAnothersBuffers() throws Exception {
        var pool = (RecyclerPool.BoundedPoolBase<?>) JsonCodec.mapper().getFactory()._getRecyclerPool();
        pool.clear();
        for (int i = 0; i < 50; i++) {
            Thread thread = Thread.ofVirtual().start(() -> JsonCodec.tree(JsonCodec.encode(HEADER)));
            thread.join();
        }
        // one after another: each took the buffers the previous one gave back
        assertThat(pool.pooledCount()).isEqualTo(1);
    }
}
