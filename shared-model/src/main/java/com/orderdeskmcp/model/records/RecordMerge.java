package com.orderdeskmcp.model.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/**
 * Merges a change into a whole sub-record (an order item, a shipment, an inventory item) that
 * OrderDesk replaces as a whole on PUT. Top-level values are replaced; the named key-value maps
 * ({@code metadata}, {@code variation_list}) are merged key by key, a null value removing the key.
 * Pure; neither input is modified.
 */
public final class RecordMerge {

    /** Maps merged key by key in items and inventory items. */
    public static final Set<String> KEY_VALUE_MAPS = Set.of("metadata", "variation_list");

    private RecordMerge() {
    }

    public static ObjectNode merge(ObjectNode current, ObjectNode changes, Set<String> keyValueMaps) {
        ObjectNode merged = current.deepCopy();
        for (Map.Entry<String, JsonNode> field : changes.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (keyValueMaps.contains(name) && value.isObject()) {
                // OrderDesk writes an empty map as [], so anything but an object starts afresh.
                JsonNode existing = merged.get(name);
                ObjectNode target = existing instanceof ObjectNode object ? object : merged.putObject(name);
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    if (entry.getValue().isNull()) {
                        target.remove(entry.getKey());
                    } else {
                        target.set(entry.getKey(), entry.getValue().deepCopy());
                    }
                }
            } else {
                merged.set(name, value.deepCopy());
            }
        }
        return merged;
    }
}
