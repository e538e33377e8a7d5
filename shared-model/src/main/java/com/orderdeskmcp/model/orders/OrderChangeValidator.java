package com.orderdeskmcp.model.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.model.json.JsonCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.orderdeskmcp.model.orders.OrderFields.*;

/**
 * Checks a requested order change before anything is queued, and says exactly what is wrong.
 * Pure: the same input always gives the same list of problems, and an empty list means valid.
 */
public final class OrderChangeValidator {

    private OrderChangeValidator() {
    }

    public static List<String> validate(JsonNode changes) {
        List<String> problems = new ArrayList<>();
        if (changes == null || !changes.isObject()) {
            problems.add("changes must be a JSON object of order fields");
            return problems;
        }
        if (changes.isEmpty()) {
            problems.add("changes is empty: name at least one field to change");
            return problems;
        }
        for (Map.Entry<String, JsonNode> field : changes.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (READ_ONLY.contains(name)) {
                problems.add(name + " is read-only: OrderDesk computes or assigns it");
            } else if (FOLDER.equals(name)) {
                problems.add("folder_id cannot be changed by an update: move the order to another folder instead");
            } else if (NOT_UPDATABLE.contains(name)) {
                problems.add(name + " cannot be changed by an order update");
            } else if (SCALARS.contains(name)) {
                if (!(value.isValueNode())) {
                    problems.add(name + " must be a string, number, boolean or null, not " + describe(value));
                }
            } else if (MERGED_OBJECTS.containsKey(name)) {
                validateObject(name, value, problems);
            } else if (REPLACED_LISTS.contains(name)) {
                validateList(name, value, problems);
            } else if (NOTES.equals(name)) {
                validateNotes(value, problems);
            } else {
                problems.add("unknown field " + name + "; updatable fields are " + updatableFields());
            }
        }
        return problems;
    }

    private static void validateObject(String name, JsonNode value, List<String> problems) {
        if (value.isNull()) {
            problems.add(name + " cannot be null: to clear a key, set that key to null");
            return;
        }
        if (!value.isObject()) {
            problems.add(name + " must be an object of keys to change, not " + describe(value));
            return;
        }
        boolean freeForm = FREE_FORM_OBJECTS.contains(name);
        Set<String> allowed = MERGED_OBJECTS.get(name);
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!freeForm && !allowed.contains(entry.getKey())) {
                problems.add(name + "." + entry.getKey() + " is not a field of " + name + "; its fields are "
                        + new TreeSet<>(allowed));
            } else if (!entry.getValue().isValueNode()) {
                problems.add(name + "." + entry.getKey() + " must be a string, number, boolean or null");
            }
        }
        int limit = "checkout_data".equals(name) ? MAX_CHECKOUT_DATA_JSON_CHARS
                : "order_metadata".equals(name) ? MAX_ORDER_METADATA_JSON_CHARS : Integer.MAX_VALUE;
        if (limit == Integer.MAX_VALUE) {
            return; // no size limit: no need to encode it
        }
        int size = JsonCodec.encode(value).length();
        if (size > limit) {
            problems.add(name + " is " + size + " characters as JSON; OrderDesk allows at most " + limit);
        }
    }

    private static void validateList(String name, JsonNode value, List<String> problems) {
        if (!value.isArray()) {
            problems.add(name + " must be an array (it replaces the whole list), not " + describe(value));
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                problems.add(name + "[" + i + "] must be an object");
            }
        }
    }

    private static void validateNotes(JsonNode value, List<String> problems) {
        if (!value.isArray()) {
            problems.add("order_notes must be an array of notes to append, not " + describe(value));
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode note = value.get(i);
            JsonNode content = note.path("content");
            if (!note.isObject() || !content.isTextual() || content.asText().isBlank()) {
                problems.add("order_notes[" + i + "] must be an object with a non-empty \"content\" text");
            } else if (content.asText().length() > MAX_NOTE_CHARS) {
                problems.add("order_notes[" + i + "].content is " + content.asText().length()
                        + " characters; OrderDesk allows at most " + MAX_NOTE_CHARS);
            }
        }
    }

    private static Set<String> updatableFields() {
        Set<String> all = new TreeSet<>(SCALARS);
        all.addAll(MERGED_OBJECTS.keySet());
        all.addAll(REPLACED_LISTS);
        all.add(NOTES);
        return all;
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase();
        };
    }
}
