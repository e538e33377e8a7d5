package com.orderdeskmcp.model.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.model.json.JsonCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HashChainTest {

    private static JsonNode json(String text) {
        return JsonCodec.tree(text.replace('\'', '"'));
    }

    private static List<HashChain.Link> chain(String stream, int length) {
        List<HashChain.Link> links = new ArrayList<>();
        String previous = HashChain.GENESIS;
        for (int i = 0; i < length; i++) {
            JsonNode payload = json("{'n':" + i + ",'b':{'y':2,'x':1}}");
            String hash = HashChain.hash(previous, stream, i, "OrderMutated", payload);
            links.add(new HashChain.Link(stream, i, "OrderMutated", bytes(payload), hash));
            previous = hash;
        }
        return links;
    }

    /** The payload as stored before the worker stored canonical JSON: the serializer's own key order. */
    private static byte[] bytes(JsonNode payload) {
        return JsonCodec.encode(payload).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] canonicalBytes(JsonNode payload) {
        return HashChain.canonical(payload).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theHashIsWhatTheDocumentedFormulaGives() throws Exception {
        String material = HashChain.GENESIS + "\n1001/5\n0\nOrderMutated\n{\"a\":[{\"c\":1,\"d\":2}],\"b\":\"x\"}";
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(material.getBytes(StandardCharsets.UTF_8)));

        assertThat(HashChain.hash(HashChain.GENESIS, "1001/5", 0, "OrderMutated", json("{'b':'x','a':[{'d':2,'c':1}]}")))
                .isEqualTo(expected);
    }

    /** The formula as documented, written the plain way: a sorted deep copy, encoded to a String, then UTF-8. */
    private static String documented(String previous, String stream, long sequence, String type, JsonNode payload)
            throws Exception {
        String material = previous + "\n" + stream + "\n" + sequence + "\n" + type + "\n" + JsonCodec.encode(sorted(payload));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode sorted(JsonNode json) {
        if (json instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            java.util.TreeMap<String, JsonNode> fields = new java.util.TreeMap<>();
            object.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
            var copy = JsonCodec.object();
            fields.forEach(copy::set);
            return copy;
        }
        if (json instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            var copy = JsonCodec.mapper().createArrayNode();
            array.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return json;
    }

    @Test
    void theFastEncodingGivesTheDocumentedHashForEveryKindOfValue() throws Exception {
        List<String> payloads = List.of(
                "{}", "[]", "null", "'x'", "12", "{'b':1,'a':2,'B':3,'_':4,'é':5,'Z':6,'aa':{'d':[3,{'z':1,'y':null}],'c':true}}",
                "{'n':-0.0,'m':1.5e300,'k':12345678901234567890123,'j':9223372036854775807,'i':0.1,'h':1E-7,'g':100.0}",
                "{'s':'quote \\\" backslash \\\\ tab \\t newline \\n ctrl \\u0001 del \\u007f'}",
                "{'u':'Müller – 東京 – 😀 – \\u2028 – \\ud83d\\ude00','𝄞':'key outside the BMP','ｚ':'fullwidth'}",
                "{'lone':'\\ud800 high alone, low alone \\udc00','end':'\\ud83d'}",
                "{'order':{'id':'100001','order_items':[{'price':12.99,'quantity':2,'code':'SKU-1'}],'shipping':{'city':'Berlin'}}}");
        for (String text : payloads) {
            JsonNode payload = json(text);
            assertThat(HashChain.hash(HashChain.GENESIS, "1001/7", 3, "OrderMutated", payload)).as(text)
                    .isEqualTo(documented(HashChain.GENESIS, "1001/7", 3, "OrderMutated", payload));
            assertThat(HashChain.canonical(payload)).as(text).isEqualTo(JsonCodec.encode(sorted(payload)));
        }
    }

    @Test
    void anIntactChainVerifies() {
        assertThat(HashChain.verify(chain("1001/5", 5))).isEmpty();
    }

    @Test
    void anAlteredPayloadIsNamed() {
        List<HashChain.Link> links = chain("1001/5", 5);
        HashChain.Link altered = links.get(2);
        links.set(2, new HashChain.Link(altered.stream(), 2, altered.type(), bytes(json("{'n':99}")), altered.hash()));

        assertThat(HashChain.verify(links)).hasValueSatisfying(b -> {
            assertThat(b.sequence()).isEqualTo(2);
            assertThat(b.problem()).contains("altered");
        });
    }

    @Test
    void aPayloadIsCheckedOnItsStoredBytesWhenTheyAreCanonicalAndThroughTheCanonicalFormOtherwise() {
        JsonNode payload = json("{'type':'OrderMutated','b':{'y':2,'x':'é 😀'},'a':[3,1]}");
        String hash = HashChain.hash(HashChain.GENESIS, "1001/5", 0, "OrderMutated", payload);
        byte[] canonical = canonicalBytes(payload);
        byte[] unsorted = bytes(payload);
        assertThat(new String(unsorted, StandardCharsets.UTF_8)).as("stored in the serializer's order")
                .isNotEqualTo(new String(canonical, StandardCharsets.UTF_8));

        assertThat(HashChain.follows(HashChain.GENESIS, new HashChain.Link("1001/5", 0, "OrderMutated", canonical, hash))).isTrue();
        assertThat(HashChain.follows(HashChain.GENESIS, new HashChain.Link("1001/5", 0, "OrderMutated", unsorted, hash))).isTrue();
        // Altered in canonical form, altered in any other form, not JSON at all: all rejected.
        for (String altered : List.of("{\"a\":[3,1],\"b\":{\"x\":\"é 😀\",\"y\":3},\"type\":\"OrderMutated\"}",
                "{\"type\":\"OrderMutated\", \"b\":{\"y\":2,\"x\":\"e 😀\"},\"a\":[3,1]}", "{\"type\":", "")) {
            assertThat(HashChain.follows(HashChain.GENESIS, new HashChain.Link("1001/5", 0, "OrderMutated",
                    altered.getBytes(StandardCharsets.UTF_8), hash))).as(altered).isFalse();
        }
        // The same bytes in another place of the stream, or under another type, do not follow either.
        assertThat(HashChain.follows(HashChain.GENESIS, new HashChain.Link("1001/5", 1, "OrderMutated", canonical, hash))).isFalse();
        assertThat(HashChain.follows(HashChain.GENESIS, new HashChain.Link("1001/5", 0, "OrderDeleted", canonical, hash))).isFalse();
    }

    @Test
    void aRemovedEventIsNamed() {
        List<HashChain.Link> links = chain("1001/5", 5);
        links.remove(3);

        assertThat(HashChain.verify(links)).hasValueSatisfying(b -> assertThat(b.problem()).contains("3 is missing"));
    }

    @Test
    void reorderedEventsAreNamed() {
        List<HashChain.Link> links = chain("1001/5", 5);
        HashChain.Link second = links.get(1);
        HashChain.Link third = links.get(2);
        // Swap contents but keep positions: what an UPDATE of two rows' payloads would do.
        links.set(1, new HashChain.Link(second.stream(), 1, third.type(), third.payload(), third.hash()));
        links.set(2, new HashChain.Link(third.stream(), 2, second.type(), second.payload(), second.hash()));

        assertThat(HashChain.verify(links)).hasValueSatisfying(b -> assertThat(b.sequence()).isEqualTo(1));
    }

    @Test
    void everyBrokenStreamIsListed() {
        List<HashChain.Link> all = new ArrayList<>(chain("1001/1", 3));
        List<HashChain.Link> broken = chain("1001/2", 3);
        broken.remove(0);
        all.addAll(broken);
        all.addAll(chain("1001/3", 2));

        assertThat(HashChain.verifyAll(all)).singleElement().satisfies(b -> assertThat(b.stream()).isEqualTo("1001/2"));
    }
}
