package com.orderdeskmcp.model.orders;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field rules of one kind of OrderDesk object (order item, shipment, inventory item): which
 * fields exist, their types, which are read-only and which a create needs. Pure: it returns the
 * problems, worded for the agent, and an empty list means valid.
 */
public final class FieldRules {

    /** What a field's value may be. Numbers may come as JSON numbers or numeric strings (OrderDesk sends both). */
    public enum Type { TEXT, NUMBER, INTEGER, OBJECT_OF_SCALARS, ARRAY_OF_OBJECTS }

    private final String what;
    private final Map<String, Type> fields;
    private final Set<String> readOnly;
    private final Set<String> requiredOnCreate;
    private final Map<String, Set<String>> allowedValues;
    private final int maxTextChars;

    public FieldRules(String what, Map<String, Type> fields, Set<String> readOnly, Set<String> requiredOnCreate,
                      Map<String, Set<String>> allowedValues, int maxTextChars) {
        this.what = what;
        this.fields = new LinkedHashMap<>(fields);
        this.readOnly = Set.copyOf(readOnly);
        this.requiredOnCreate = Set.copyOf(requiredOnCreate);
        this.allowedValues = Map.copyOf(allowedValues);
        this.maxTextChars = maxTextChars;
    }

    /** A new object: every required field present, nothing unknown or read-only. */
    public List<String> validateCreate(JsonNode value) {
        List<String> problems = new ArrayList<>();
        if (!isObject(value, problems)) {
            return problems;
        }
        for (String required : new TreeSet<>(requiredOnCreate)) {
            JsonNode field = value.get(required);
            if (field == null || field.isNull() || (field.isTextual() && field.asText().isBlank())) {
                problems.add(required + " is required for a new " + what);
            }
        }
        checkFields(value, problems);
        return problems;
    }

    /** A change: at least one field, nothing unknown or read-only. */
    public List<String> validateChange(JsonNode value) {
        List<String> problems = new ArrayList<>();
        if (!isObject(value, problems)) {
            return problems;
        }
        if (value.isEmpty()) {
            problems.add("changes is empty: name at least one field of the " + what + " to change");
            return problems;
        }
        checkFields(value, problems);
        return problems;
    }

    private boolean isObject(JsonNode value, List<String> problems) {
        if (value == null || !value.isObject()) {
            problems.add("the " + what + " must be a JSON object of its fields");
            return false;
        }
        return true;
    }

    private void checkFields(JsonNode value, List<String> problems) {
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String name = entry.getKey();
            JsonNode field = entry.getValue();
            if (readOnly.contains(name)) {
                problems.add(name + " is read-only: OrderDesk assigns it");
                continue;
            }
            Type type = fields.get(name);
            if (type == null) {
                problems.add("unknown field " + name + " of a " + what + "; its fields are " + new TreeSet<>(fields.keySet()));
                continue;
            }
            if (field.isNull()) {
                continue;
            }
            switch (type) {
                case TEXT -> {
                    if (!field.isTextual() && !field.isNumber()) {
                        problems.add(name + " must be a string");
                    } else if (field.asText().length() > maxTextChars) {
                        problems.add(name + " is " + field.asText().length() + " characters; at most " + maxTextChars);
                    } else if (allowedValues.containsKey(name) && !allowedValues.get(name).contains(field.asText())) {
                        problems.add(name + " must be one of " + new TreeSet<>(allowedValues.get(name)));
                    }
                }
                case NUMBER -> {
                    if (!isNumber(field, false)) {
                        problems.add(name + " must be a number");
                    }
                }
                case INTEGER -> {
                    if (!isNumber(field, true)) {
                        problems.add(name + " must be a whole number");
                    }
                }
                case OBJECT_OF_SCALARS -> {
                    if (field.isArray() && field.isEmpty()) {
                        continue; // OrderDesk writes an empty map as []
                    }
                    if (!field.isObject()) {
                        problems.add(name + " must be an object of keys to values");
                    } else {
                        for (Map.Entry<String, JsonNode> inner : field.properties()) {
                            if (!inner.getValue().isValueNode()) {
                                problems.add(name + "." + inner.getKey() + " must be a string, number, boolean or null");
                            }
                        }
                    }
                }
                case ARRAY_OF_OBJECTS -> {
                    if (!field.isArray()) {
                        problems.add(name + " must be an array of objects");
                    } else {
                        for (int i = 0; i < field.size(); i++) {
                            if (!field.get(i).isObject()) {
                                problems.add(name + "[" + i + "] must be an object");
                            }
                        }
                    }
                }
            }
        }
    }

    private static boolean isNumber(JsonNode field, boolean integral) {
        if (field.isNumber()) {
            return !integral || field.isIntegralNumber() || field.asDouble() == Math.rint(field.asDouble());
        }
        if (field.isTextual()) {
            String text = field.asText().trim();
            return integral ? text.matches("-?\\d{1,12}") : text.matches("-?\\d{1,12}(\\.\\d{1,6})?");
        }
        return false;
    }

    // --- the kinds of OrderDesk objects the tools change ---

    /** Order items (ORDERDESK_API.md section 5). */
    public static final FieldRules ORDER_ITEM = new FieldRules("order item", orderedMap(
            "name", Type.TEXT, "price", Type.NUMBER, "quantity", Type.INTEGER, "weight", Type.NUMBER,
            "code", Type.TEXT, "delivery_type", Type.TEXT, "category_code", Type.TEXT,
            "variation_list", Type.OBJECT_OF_SCALARS, "metadata", Type.OBJECT_OF_SCALARS,
            "fulfillment_method", Type.TEXT),
            Set.of("id"), Set.of("name"),
            Map.of("delivery_type", Set.of("ship", "noship", "download", "future")), 1_000);

    /** Shipments (section 6). */
    public static final FieldRules SHIPMENT = new FieldRules("shipment", orderedMap(
            "tracking_number", Type.TEXT, "carrier_code", Type.TEXT, "shipment_method", Type.TEXT,
            "weight", Type.NUMBER, "cost", Type.NUMBER, "status", Type.TEXT, "tracking_url", Type.TEXT,
            "order_items", Type.ARRAY_OF_OBJECTS),
            Set.of("id", "order_id", "store_id", "date_added", "label_image", "cart_shipment_id", "label_shipment_id"),
            Set.of("tracking_number"), Map.of(), 1_000);

    /** Inventory items (section 8). */
    public static final FieldRules INVENTORY_ITEM = new FieldRules("inventory item", orderedMap(
            "name", Type.TEXT, "code", Type.TEXT, "price", Type.NUMBER, "cost", Type.NUMBER, "weight", Type.NUMBER,
            "stock", Type.INTEGER, "location", Type.TEXT, "update_source", Type.TEXT, "manufacturer_sku", Type.TEXT,
            "metadata", Type.OBJECT_OF_SCALARS, "variation_list", Type.OBJECT_OF_SCALARS),
            Set.of("id", "date_added", "date_updated"), Set.of("name", "code"), Map.of(), 1_000);

    private static Map<String, Type> orderedMap(Object... pairs) {
        Map<String, Type> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Type) pairs[i + 1]);
        }
        return map;
    }
}
