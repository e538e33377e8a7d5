package com.orderdeskmcp.model.audit;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.Attempt;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.model.orders.OrderDiff;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
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

    /** Every kind of value a tree can hold, keys in no order, some sorting differently by UTF-16 unit. */
    private static final JsonNode MESSY = JsonCodec.tree("""
            {"zeta":1,"alpha":{"y":[{"b":2,"a":1},null,true,"x"],"é":"x","É":"y","a b":-0.0,"Z":[]},
             "num":1.5e300,"big":12345678901234567890123,"dec":0.1,"neg":-7,"emoji":"😀 \\u2028 \\"q\\"",
             "B":3,"_":4,"":"empty key","𝄞":"outside the BMP","ｚ":"fullwidth","n":null,"o":{}}""");

    @Test
    void everyEventTypeIsWrittenStraightInTheCanonicalFormItsTreeWouldGive() throws Exception {
        for (JsonSubTypes.Type type : MutationEvent.class.getAnnotation(JsonSubTypes.class).value()) {
            for (boolean nulls : new boolean[]{false, true}) {
                MutationEvent event = (MutationEvent) sample(type.value(), nulls);
                assertThat(EventStoreSchema.canonical(event)).as(type.name() + (nulls ? " with nulls" : ""))
                        .isEqualTo(HashChain.canonical(JsonCodec.toTree(event)))
                        .contains("\"type\":\"" + type.name() + "\"");
            }
        }
    }

    /** A value of {@code type} with something in every field (JSON values and lists null when asked). */
    private static Object sample(Type type, boolean nulls) throws Exception {
        Class<?> raw = (Class<?>) (type instanceof ParameterizedType p ? p.getRawType() : type);
        if (raw == String.class) {
            return "Müller \"😀\" \u2028 \\ end";
        } else if (raw == int.class || raw == Integer.class) {
            return nulls && raw == Integer.class ? null : 409;
        } else if (raw == long.class || raw == Long.class) {
            return 1_234_567_890_123L;
        } else if (raw == boolean.class || raw == Boolean.class) {
            return true;
        } else if (raw == Instant.class) {
            return Instant.parse("2026-11-28T09:00:00.123456Z");
        } else if (JsonNode.class.isAssignableFrom(raw)) {
            return nulls ? null : MESSY.deepCopy();
        } else if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            return nulls ? null : List.of(sample(element, false), sample(element, false));
        } else if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        } else if (raw.isRecord()) {
            RecordComponent[] components = raw.getRecordComponents();
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i].getGenericType(), nulls && raw != MutationHeader.class);
            }
            return raw.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new)).newInstance(values);
        }
        throw new IllegalArgumentException("no sample value for " + type);
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
