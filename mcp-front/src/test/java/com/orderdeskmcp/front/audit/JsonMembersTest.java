package com.orderdeskmcp.front.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.json.JsonCodec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The members found by bracket counting are exactly the ones a JSON parser reads. */
class JsonMembersTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void membersAndTheirValuesAreThoseAJsonParserReads() throws IOException {
        List<String> documents = List.of(
                "{}",
                " \n{ } \t",
                "{\"a\":1}",
                "{ \"a\" : -1.5e10 , \"b\":true,\"c\":false,\"d\":null }",
                "{\"s\":\"quote \\\" and backslash \\\\\",\"t\":\"\\\\\",\"u\":\"\\u00e9\\u2028\\ud83d\\ude00\"}",
                "{\"K\u00f6ln\":\"K\u00f6ln\",\"emoji\":\"\ud83d\ude00\",\"brackets\":\"}{][\",\"n\":[]}",
                "{\"nested\":{\"a\":[1,[2,[3,{\"b\":\"]\"}]]],\"c\":{}},\"after\":\"x\"}",
                "{\"deep\":" + "[".repeat(200) + "\"}\"" + "]".repeat(200) + ",\"z\":0}");
        for (String document : documents) {
            assertSameAsParser(document);
        }
    }

    @Test
    void randomDocumentsCompactAndPrettyPrinted() throws IOException {
        Random random = new Random(20261128);
        for (int i = 0; i < 300; i++) {
            ObjectNode document = object(random, 0);
            assertSameAsParser(JsonCodec.mapper().writeValueAsString(document));
            assertSameAsParser(JsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document));
        }
    }

    @Test
    void whatIsNotOneObjectIsRefused() throws IOException {
        for (String bad : List.of("", "[1]", "\"a\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1}x",
                "{\"a\":1}{}", "{\"a\":\"unterminated}", "{\"a\":[1,2}", "{\"a\":{\"b\":1]}", "{\"a\":1 \"b\":2}",
                "{a:1}", "{\"a\":]}")) {
            List<String> names = new ArrayList<>();
            boolean object = JsonMembers.members(utf8(bad), 0, utf8(bad).length, (name, start, end) -> names.add(name));
            assertThat(object).as(bad).isFalse();
        }
        // A member name with an escape is not what our events hold: the caller's typed path decides.
        byte[] escaped = utf8("{\"a\\u0062\":1}");
        assertThat(JsonMembers.members(escaped, 0, escaped.length, (name, start, end) -> { })).isFalse();
    }

    @Test
    void stringsAndArraysReadAsTheParserReadsThem() throws IOException {
        byte[] json = utf8("[\"plain\",\"\\\"esc\\u00e9\\n\",\"K\u00f6ln \ud83d\ude00\",null,7,{\"x\":1},[1,[2,3]],[ ]]");
        JsonNode tree = JsonCodec.mapper().readTree(json);
        List<int[]> values = elementSlices(json);
        assertThat(values).hasSize(tree.size());
        assertThat(JsonMembers.elements(json, 0, json.length)).isEqualTo(tree.size());
        for (int i = 0; i < 4; i++) {
            int[] v = values.get(i);
            assertThat(JsonMembers.string(json, v[0], v[1])).isEqualTo(tree.get(i).isNull() ? null : tree.get(i).asText());
        }
        int[] number = values.get(4);
        assertThatThrownBy(() -> JsonMembers.string(json, number[0], number[1])).isInstanceOf(IOException.class);
        int[] object = values.get(5);
        assertThat(JsonMembers.elements(json, object[0], object[1])).isEqualTo(-1);
        int[] nested = values.get(6);
        assertThat(JsonMembers.elements(json, nested[0], nested[1])).isEqualTo(2);
        int[] empty = values.get(7);
        assertThat(JsonMembers.elements(json, empty[0], empty[1])).isZero();
    }

    @Test
    void aWalkStoppedBeforeAMemberNeedsOnlyTheBytesUpToItsName() throws IOException {
        byte[] json = utf8("{\"a\":{\"x\":\"}\"},\"b\":[1,2],\"c\":\"3\",\"d\":{\"big\":\"" + "z".repeat(100) + "\"}}");
        int stopAt = new String(json, StandardCharsets.UTF_8).indexOf("\"c\"") + 3; // just after the name
        for (int to = 0; to <= json.length; to++) {
            List<String> names = new ArrayList<>();
            JsonMembers.Walk walk = JsonMembers.membersBefore(json, 0, to, name -> name.compareTo("c") >= 0,
                    (name, start, end) -> names.add(name + "=" + new String(json, start, end - start, StandardCharsets.UTF_8)));
            if (to < stopAt) {
                assertThat(walk).as("cut at %d, before the name", to).isEqualTo(JsonMembers.Walk.UNREADABLE);
            } else {
                assertThat(walk).as("cut at %d", to).isEqualTo(JsonMembers.Walk.STOPPED);
                assertThat(names).containsExactly("a={\"x\":\"}\"}", "b=[1,2]");
            }
        }
        // Never stopped: the whole object, as members() reads it; a cut one is unreadable.
        List<String> all = new ArrayList<>();
        assertThat(JsonMembers.membersBefore(json, 0, json.length, name -> false, (name, start, end) -> all.add(name)))
                .isEqualTo(JsonMembers.Walk.WHOLE);
        assertThat(all).containsExactly("a", "b", "c", "d");
        assertThat(JsonMembers.membersBefore(json, 0, json.length - 1, name -> false, (name, start, end) -> { }))
                .isEqualTo(JsonMembers.Walk.UNREADABLE);
        assertThat(JsonMembers.membersBefore(utf8("[1]"), 0, 3, name -> true, (name, start, end) -> { }))
                .isEqualTo(JsonMembers.Walk.UNREADABLE);
    }

    private static void assertSameAsParser(String document) throws IOException {
        byte[] json = utf8(document);
        JsonNode tree = JsonCodec.mapper().readTree(json);
        List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
        boolean object = JsonMembers.members(json, 0, json.length, (name, start, end) ->
                found.add(Map.entry(name, JsonCodec.mapper().readTree(new String(json, start, end - start, StandardCharsets.UTF_8)))));
        assertThat(object).as(document).isTrue();
        List<Map.Entry<String, JsonNode>> expected = new ArrayList<>();
        tree.properties().forEach(e -> expected.add(Map.entry(e.getKey(), e.getValue())));
        assertThat(found).as(document).isEqualTo(expected);
    }

    private static List<int[]> elementSlices(byte[] array) throws IOException {
        JsonNode tree = JsonCodec.mapper().readTree(array);
        List<int[]> slices = new ArrayList<>();
        int i = 1;
        for (int n = 0; n < tree.size(); n++) {
            while (array[i] == ' ' || array[i] == ',') {
                i++;
            }
            int end = JsonMembers.valueEnd(array, i, array.length);
            slices.add(new int[] {i, end});
            i = end;
        }
        return slices;
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode node = NODES.objectNode();
        int members = random.nextInt(depth == 0 ? 8 : 4) + (depth == 0 ? 1 : 0);
        for (int i = 0; i < members; i++) {
            node.set(name(random) + i, value(random, depth + 1));
        }
        return node;
    }

    private static JsonNode value(Random random, int depth) {
        int kind = random.nextInt(depth > 5 ? 5 : 7);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> random.nextBoolean() ? NODES.numberNode(random.nextLong()) : NODES.numberNode(random.nextDouble() * 1e6);
            case 3, 4 -> NODES.textNode(text(random));
            case 5 -> object(random, depth);
            default -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(random, depth + 1));
                }
                yield array;
            }
        };
    }

    private static String name(Random random) {
        String[] names = {"a", "order_items", "shipping", "K\u00f6ln", "\ud83d\ude00", "x y", "[", "{", "}"};
        return names[random.nextInt(names.length)];
    }

    private static String text(Random random) {
        String[] parts = {"plain", "\"", "\\", "}", "]", "{", "[", ",", ":", "\u00e9", "\ud83d\ude00", "\u2028", "\n", "\t", "\u0001", " ",
                "\\\"", "\u00fb", "\u00dd", "{[\"]}", "\u007f"};
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            text.append(parts[random.nextInt(parts.length)]);
        }
        return text.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
