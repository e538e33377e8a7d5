package com.orderdeskmcp.model.audit;

import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.Attempt;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.model.orders.OrderDiff;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventStoreSchemaTest {

    private static MutationEvent.OrderMutated event(String email) {
        var header = new MutationHeader("m-1", "tenant-1", "1001", null, "odm_abc", Instant.parse("2026-11-28T09:00:00.123Z"));
        var order = JsonCodec.tree("{\"id\":\"100001\",\"email\":\"" + email + "\",\"shipping\":{\"last_name\":\"Müller 😀\",\"city\":\"Kraków\"},"
                + "\"order_items\":[{\"quantity\":2,\"price\":12.99,\"code\":\"SKU-1\"}],\"order_total\":25.98}");
        return new MutationEvent.OrderMutated(header, "100001", JsonCodec.tree("{\"email\":\"" + email + "\"}"), order, order,
                List.of(new Attempt(1, "GET", Instant.parse("2026-11-28T09:00:01Z"), 12, 200, "ok"),
                        new Attempt(2, "PUT", Instant.parse("2026-11-28T09:00:01.5Z"), 20, 200, "ok")),
                Instant.parse("2026-11-28T09:00:02Z"), List.of("m-1"),
                List.of(new OrderDiff.Change("email", JsonCodec.tree("\"old@example.com\""), JsonCodec.tree("\"" + email + "\""))));
    }

    @Test
    void theStoredPayloadIsTheCanonicalJsonTheHashCoversSoItIsCheckedWithoutParsing() {
        var serializer = EventStoreSchema.serializer();
        String previous = HashChain.GENESIS;
        for (long sequence = 0; sequence < 3; sequence++) {
            var message = EventStoreSchema.chained(event("new" + sequence + "@example.com"), sequence, previous);
            byte[] stored = message.serializePayload(serializer, byte[].class).getData();
            String hash = (String) message.getMetaData().get("hash");
            String text = new String(stored, StandardCharsets.UTF_8);

            assertThat(text).isEqualTo(HashChain.canonical(JsonCodec.tree(text)));
            var link = new HashChain.Link("1001/100001", sequence, "OrderMutated", stored, hash);
            assertThat(HashChain.followsAsStored(previous, link)).isTrue();
            Object readBack = serializer.deserialize(message.serializePayload(serializer, byte[].class));
            assertThat(readBack)
                    .isEqualTo(message.getPayload());
            previous = hash;
        }
    }
}
