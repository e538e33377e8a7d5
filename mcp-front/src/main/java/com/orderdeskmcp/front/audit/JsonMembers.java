package com.orderdeskmcp.front.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.orderdeskmcp.model.json.JsonCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Finds the members of a JSON object in its UTF-8 bytes without tokenizing the values nobody asks
 * about: a value is skipped by its brackets and quotes alone. The replay and verify read a few fields
 * of each stored event, while most of its 5 KB are the orders it holds, which a JSON parser would
 * tokenize name by name only to skip them (half of verify's CPU samples in a profile).
 *
 * <p>Skipping checks structure (brackets, strings, escapes), not every value's grammar: a caller that
 * must reject malformed JSON parses it. Member names with escapes are not expected in our events:
 * {@link #members} reports them as unexpected, and callers take their typed path.
 */
final class JsonMembers {

    /** Called for each member: its name, and its value's bytes [start, end). */
    @FunctionalInterface
    interface Member {
        void accept(String name, int start, int end) throws IOException;
    }

    private JsonMembers() {
    }

    /**
     * Calls {@code member} for each member of the object in {@code json[from, to)}, in order; false if
     * that is not one object (surrounding whitespace allowed) or a member name has an escape.
     */
    static boolean members(byte[] json, int from, int to, Member member) throws IOException {
        return membersBefore(json, from, to, name -> false, member) == Walk.WHOLE;
    }

    /** How a {@link #membersBefore} walk ended. */
    enum Walk {
        /** The object ended (and nothing but whitespace after it). */
        WHOLE,
        /** At a member the stop condition named, before its value; nothing after that name was read. */
        STOPPED,
        /** Not one object, a name with an escape, or the bytes end before the object or a stop. */
        UNREADABLE
    }

    /**
     * As {@link #members}, but stops at the first member whose name {@code stop} accepts, without
     * calling {@code member} for it or reading its value: {@code json[from, to)} may be only the first
     * bytes of a document, cut anywhere after that name (the replay reads an event's first kilobytes).
     */
    static Walk membersBefore(byte[] json, int from, int to, Predicate<String> stop, Member member) throws IOException {
        int i = space(json, from, to);
        if (i >= to || json[i] != '{') {
            return Walk.UNREADABLE;
        }
        i = space(json, i + 1, to);
        if (i < to && json[i] == '}') {
            return whole(json, i, to);
        }
        while (i < to && json[i] == '"') {
            int nameEnd = i + 1;
            while (nameEnd < to && json[nameEnd] != '"') {
                if (json[nameEnd] == '\\') {
                    return Walk.UNREADABLE;
                }
                nameEnd++;
            }
            if (nameEnd >= to) {
                return Walk.UNREADABLE;
            }
            String name = new String(json, i + 1, nameEnd - i - 1, StandardCharsets.UTF_8);
            if (stop.test(name)) {
                return Walk.STOPPED;
            }
            i = space(json, nameEnd + 1, to);
            if (i >= to || json[i] != ':') {
                return Walk.UNREADABLE;
            }
            int start = space(json, i + 1, to);
            int end = valueEnd(json, start, to);
            if (end < 0) {
                return Walk.UNREADABLE;
            }
            member.accept(name, start, end);
            i = space(json, end, to);
            if (i < to && json[i] == ',') {
                i = space(json, i + 1, to);
            } else if (i < to && json[i] == '}') {
                return whole(json, i, to);
            } else {
                return Walk.UNREADABLE;
            }
        }
        return Walk.UNREADABLE;
    }

    /** The object closed at {@code close}: whole if only whitespace follows. */
    private static Walk whole(byte[] json, int close, int to) {
        return space(json, close + 1, to) == to ? Walk.WHOLE : Walk.UNREADABLE;
    }

    /** The end of the value that starts at {@code start} (no leading whitespace), or -1 if it has none before {@code to}. */
    static int valueEnd(byte[] json, int start, int to) {
        if (start >= to) {
            return -1;
        }
        byte first = json[start];
        if (first == '"') {
            return stringEnd(json, start, to);
        }
        if (first != '{' && first != '[') {
            int i = start;
            while (i < to && !delimiter(json[i])) {
                i++;
            }
            return i == start ? -1 : i;
        }
        // An object or array: count brackets outside strings; they must pair up.
        byte[] open = new byte[64];
        int depth = 0;
        int i = start;
        while (i < to) {
            byte b = json[i];
            if (b == '"') {
                i = stringEnd(json, i, to);
                if (i < 0) {
                    return -1;
                }
                continue;
            }
            if (b == '{' || b == '[') {
                if (depth == open.length) {
                    open = Arrays.copyOf(open, depth * 2);
                }
                open[depth++] = b;
            } else if (b == '}' || b == ']') {
                if (depth == 0 || open[--depth] != (b == '}' ? '{' : '[')) {
                    return -1;
                }
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return -1;
    }

    /** How many elements the array in {@code json[start, end)} has; -1 if it is not an array. */
    static int elements(byte[] json, int start, int end) {
        if (start >= end || json[start] != '[') {
            return -1;
        }
        int i = space(json, start + 1, end);
        if (i < end && json[i] == ']') {
            return 0;
        }
        int count = 0;
        while (i < end) {
            int valueEnd = valueEnd(json, i, end);
            if (valueEnd < 0) {
                return -1;
            }
            count++;
            i = space(json, valueEnd, end);
            if (i < end && json[i] == ']') {
                return count;
            }
            if (i >= end || json[i] != ',') {
                return -1;
            }
            i = space(json, i + 1, end);
        }
        return -1;
    }

    /**
     * The string (or null) in {@code json[start, end)}, as a JSON parser reads it.
     *
     * @throws IOException if the value is neither a string nor null
     */
    static String string(byte[] json, int start, int end) throws IOException {
        if (isNull(json, start, end)) {
            return null;
        }
        if (end - start < 2 || json[start] != '"' || json[end - 1] != '"') {
            throw new IOException("not a string");
        }
        for (int i = start + 1; i < end - 1; i++) {
            byte b = json[i];
            if (b == '\\' || (b >= 0 && b < 0x20) || b < 0) {
                return parsed(json, start, end); // escapes, control or non-ASCII characters: the parser decides
            }
        }
        return new String(json, start + 1, end - start - 2, StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code json[start, end)} is the literal null. */
    static boolean isNull(byte[] json, int start, int end) {
        return end - start == 4 && json[start] == 'n' && json[start + 1] == 'u' && json[start + 2] == 'l'
                && json[start + 3] == 'l';
    }

    private static String parsed(byte[] json, int start, int end) throws IOException {
        try (JsonParser parser = JsonCodec.mapper().getFactory().createParser(json, start, end - start)) {
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                throw new IOException("not a string");
            }
            String text = parser.getText();
            if (parser.nextToken() != null) {
                throw new IOException("more than a string");
            }
            return text;
        }
    }

    private static int stringEnd(byte[] json, int start, int to) {
        int i = start + 1;
        while (i < to) {
            byte b = json[i];
            if (b == '\\') {
                i += 2;
            } else if (b == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static boolean delimiter(byte b) {
        return b == ',' || b == '}' || b == ']' || b == ':' || b == '"' || b == '{' || b == '[' || whitespace(b);
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static int space(byte[] json, int from, int to) {
        int i = from;
        while (i < to && whitespace(json[i])) {
            i++;
        }
        return i;
    }
}
