package com.orderdeskmcp.model.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static com.orderdeskmcp.model.orders.OrderFields.*;

/**
 * Merges a validated change into a full order, producing the whole order to PUT back.
 * OrderDesk's PUT replaces the order: anything left out is blanked, so the result must carry
 * every field of the current order, changed or not. Pure; neither input is modified.
 */
public final class OrderMerge {

    private OrderMerge() {
    }

    /**
     * @param current the full order as just fetched from OrderDesk (its {@code date_updated} is kept,
     *                so that an upstream that detects concurrent changes can refuse a stale write)
     * @param changes a change that passed {@link OrderChangeValidator}
     */
    public static ObjectNode merge(ObjectNode current, ObjectNode changes) {
        ObjectNode merged = current.deepCopy();
        for (Map.Entry<String, JsonNode> field : changes.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (MERGED_OBJECTS.containsKey(name)) {
                mergeObject(merged, name, (ObjectNode) value);
            } else if (NOTES.equals(name)) {
                appendNotes(merged, (ArrayNode) value);
            } else if (SCALARS.contains(name) || REPLACED_LISTS.contains(name)) {
                // Items are replaced as given: an item that keeps its "id" is updated in place upstream.
                merged.set(name, value.deepCopy());
            } else {
                throw new IllegalArgumentException("field " + name + " is not updatable; validate changes first");
            }
        }
        return merged;
    }

    private static void mergeObject(ObjectNode order, String name, ObjectNode change) {
        JsonNode existing = order.get(name);
        ObjectNode target = existing instanceof ObjectNode object ? object : order.putObject(name);
        boolean freeForm = FREE_FORM_OBJECTS.contains(name);
        for (Map.Entry<String, JsonNode> entry : change.properties()) {
            if (entry.getValue().isNull()) {
                // Free-form extras lose the key; an address keeps its shape with the field blanked.
                if (freeForm) {
                    target.remove(entry.getKey());
                } else {
                    target.put(entry.getKey(), "");
                }
            } else {
                target.set(entry.getKey(), entry.getValue().deepCopy());
            }
        }
    }

    private static void appendNotes(ObjectNode order, ArrayNode newNotes) {
        JsonNode existing = order.get(NOTES);
        ArrayNode notes = existing instanceof ArrayNode array ? array : order.putArray(NOTES);
        Set<String> seen = new HashSet<>();
        notes.forEach(note -> seen.add(note.path("content").asText("").trim()));
        for (JsonNode note : newNotes) {
            // A retried or repeated request must not stack the same note twice.
            if (seen.add(note.path("content").asText("").trim())) {
                notes.add(note.deepCopy());
            }
        }
    }
}
