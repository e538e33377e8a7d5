package com.orderdeskmcp.model.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What changed in an order between two states, field by field: objects are compared key by key,
 * arrays element by element ({@code order_items[0].price}), anything else as a whole. Pure. The
 * worker records each update's changes with it (what that update changed in the order it merged
 * into, even when several were coalesced into one PUT); auditors read them in the timeline.
 */
public final class OrderDiff {

    /** One changed value; {@code before} or {@code after} is JSON null where the field was absent. */
    public record Change(String path, JsonNode before, JsonNode after) {
    }

    private OrderDiff() {
    }

    public static List<Change> between(JsonNode before, JsonNode after) {
        List<Change> changes = new ArrayList<>();
        walk("", orNull(before), orNull(after), changes);
        return changes;
    }

    private static void walk(String path, JsonNode before, JsonNode after, List<Change> changes) {
        if (before.equals(after)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            for (Iterator<String> names = after.fieldNames(); names.hasNext(); ) {
                keys.add(names.next());
            }
            for (String key : keys) {
                walk(path.isEmpty() ? key : path + "." + key, orNull(before.get(key)), orNull(after.get(key)), changes);
            }
        } else if (before.isArray() && after.isArray()) {
            for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
                walk(path + "[" + i + "]", orNull(before.get(i)), orNull(after.get(i)), changes);
            }
        } else {
            changes.add(new Change(path, before, after));
        }
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null || node.isMissingNode() ? NullNode.getInstance() : node;
    }
}
