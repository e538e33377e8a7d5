package com.orderdeskmcp.front.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.front.mcp.ToolKit;
import com.orderdeskmcp.front.mcp.ToolKit.InvalidArgument;
import com.orderdeskmcp.front.mcp.ToolResults;
import com.orderdeskmcp.front.mutations.MutationService;
import com.orderdeskmcp.front.reads.ReadCache;
import com.orderdeskmcp.front.stores.StoreResolver;
import com.orderdeskmcp.front.stores.StoreResolver.ResolvedStore;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.model.orders.FieldRules;
import com.orderdeskmcp.model.orders.OrderChangeValidator;
import com.orderdeskmcp.model.orders.OrderFields;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static com.orderdeskmcp.front.mcp.ToolKit.IDEMPOTENCY_PARAM;
import static com.orderdeskmcp.front.mcp.ToolKit.STORE_PARAM;
import static com.orderdeskmcp.front.mcp.ToolKit.tool;

/** The order tools: reads through the cache, changes queued as mutations. */
@Configuration(proxyBeanMethods = false)
class OrderTools {

    /** The fields of a compact order listing: enough to pick an order, small enough for a page of 50. */
    static final List<String> COMPACT_FIELDS = List.of("id", "source_id", "source_name", "email", "folder_id",
            "order_total", "payment_status", "shipping_method", "date_added", "date_updated", "shipping");
    static final String BATCH_OUTPUT = """
            {"type": "object", "properties": {"store_id": {"type": "string"},
             "results": {"type": "array", "items": {"type": "object"}}}, "required": ["store_id", "results"]}""";
    private static final DateTimeFormatter UPSTREAM_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Plain-text filters of OrderDesk's order search, passed on as given. */
    private static final List<String> TEXT_FILTERS = List.of("folder_name", "source_id", "source_name", "email",
            "customer_id", "customer_first_name", "customer_last_name", "customer_company", "customer_address1",
            "customer_phone", "shipping_first_name", "shipping_last_name", "shipping_company", "shipping_address1",
            "shipping_phone");

    private final OrderDeskClient orderDesk;
    private final ReadCache cache;
    private final MutationService mutations;
    private final StoreResolver stores;

    OrderTools(OrderDeskClient orderDesk, ReadCache cache, MutationService mutations, StoreResolver stores) {
        this.orderDesk = orderDesk;
        this.cache = cache;
        this.mutations = mutations;
        this.stores = stores;
    }

    @Bean
    List<SyncToolSpecification> orderToolSpecifications() {
        return List.of(get(), list(), create(), update(), delete(), move(), addNote());
    }

    private SyncToolSpecification get() {
        return tool("orders_get", "Get order")
                .description("One order with everything OrderDesk holds: addresses, items, totals, payment, notes, "
                        + "checkout data, metadata and shipments. Reflects this agent's own completed changes.")
                .input("""
                        "order_id": {"type": "string", "maxLength": 64, "description": "OrderDesk's internal order id (not the cart's order number)."},
                        """ + STORE_PARAM, "order_id")
                .output("""
                        {"type": "object", "properties": {"store_id": {"type": "string"}, "order": {"type": "object"}},
                         "required": ["store_id", "order"]}""")
                .read()
                .handler(call -> {
                    ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                    String orderId = call.args().id("order_id");
                    JsonNode order = cache.get(ReadCache.Key.of(call.tenant().id(), store.storeId(), ReadCache.Scope.ORDER,
                            orderId, Map.of()), () -> orderDesk.getOrder(store.credentials(), orderId));
                    return ToolResults.success(Map.of("store_id", store.storeId(), "order", order));
                });
    }

    private SyncToolSpecification list() {
        StringBuilder filters = new StringBuilder();
        for (String name : TEXT_FILTERS) {
            filters.append("\"").append(name).append("\": {\"type\": \"string\", \"maxLength\": 200},\n");
        }
        return tool("orders_list", "List orders")
                .description("Searches the store's orders with OrderDesk's filters (combined with AND), newest first by "
                        + "default. Dates are ISO (2024-05-01 or 2024-05-01T12:00:00Z, UTC). Returns a page of compact "
                        + "orders (fields: " + String.join(", ", COMPACT_FIELDS) + ") and next_offset for the next page; "
                        + "name other fields in fields, or [\"*\"] for whole orders.")
                .input(filters + """
                        "folder_id": {"type": "string", "pattern": "^[0-9]+(,[0-9]+)*$", "description": "A folder id, or several separated by commas."},
                        "added_from": {"type": "string", "maxLength": 30, "description": "Added on or after (ISO date or date-time)."},
                        "added_to": {"type": "string", "maxLength": 30, "description": "Added on or before (ISO date or date-time)."},
                        "modified_from": {"type": "string", "maxLength": 30},
                        "modified_to": {"type": "string", "maxLength": 30},
                        "order_by": {"type": "string", "pattern": "^[a-z_]{1,40}$", "description": "An order field, default date_added."},
                        "order": {"type": "string", "enum": ["asc", "desc", "ASC", "DESC"]},
                        "limit": {"type": "integer", "minimum": 1, "maximum": 500, "description": "Page size, default 50."},
                        "offset": {"type": "integer", "minimum": 0, "maximum": 1000000},
                        "fields": {"type": "array", "maxItems": 60, "items": {"type": "string", "pattern": "^([a-z_]{1,40}|\\\\*)$"}},
                        """ + STORE_PARAM)
                .output("""
                        {"type": "object", "properties": {"store_id": {"type": "string"}, "total": {"type": "integer"},
                         "offset": {"type": "integer"}, "returned": {"type": "integer"},
                         "next_offset": {"type": ["integer", "null"]}, "orders": {"type": "array", "items": {"type": "object"}}},
                         "required": ["store_id", "total", "offset", "returned", "next_offset", "orders"]}""")
                .read()
                .handler(call -> {
                    ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                    Map<String, String> query = new LinkedHashMap<>();
                    for (String name : TEXT_FILTERS) {
                        String value = call.args().text(name);
                        if (value != null && !value.isBlank()) {
                            query.put(name, value.trim());
                        }
                    }
                    String folder = call.args().text("folder_id");
                    if (folder != null) {
                        query.put("folder_id", folder);
                    }
                    date(call, "added_from", false).ifPresent(d -> query.put("search_start_date", d));
                    date(call, "added_to", true).ifPresent(d -> query.put("search_end_date", d));
                    date(call, "modified_from", false).ifPresent(d -> query.put("modified_start_date", d));
                    date(call, "modified_to", true).ifPresent(d -> query.put("modified_end_date", d));
                    String orderBy = call.args().text("order_by");
                    if (orderBy != null) {
                        query.put("order_by", orderBy);
                    }
                    String order = call.args().text("order");
                    if (order != null) {
                        query.put("order", order.toUpperCase());
                    }
                    int limit = call.args().integer("limit", 1, 500, 50);
                    int offset = call.args().integer("offset", 0, 1_000_000, 0);
                    query.put("limit", Integer.toString(limit));
                    query.put("offset", Integer.toString(offset));
                    JsonNode page = cache.get(ReadCache.Key.of(call.tenant().id(), store.storeId(),
                            ReadCache.Scope.ORDER_LIST, "", query), () -> orderDesk.searchOrders(store.credentials(), query));
                    Set<String> fields = fields(call);
                    List<JsonNode> orders = new ArrayList<>();
                    for (JsonNode o : page.path("orders")) {
                        orders.add(fields.contains("*") ? o : project(o, fields));
                    }
                    int total = page.path("total_records").asInt(orders.size());
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("store_id", store.storeId());
                    answer.put("total", total);
                    answer.put("offset", offset);
                    answer.put("returned", orders.size());
                    answer.put("next_offset", offset + orders.size() < total && !orders.isEmpty() ? offset + orders.size() : null);
                    answer.put("orders", orders);
                    return ToolResults.success(answer);
                });
    }

    private static Set<String> fields(ToolKit.Call call) {
        JsonNode requested = call.args().json("fields");
        if (requested == null || !requested.isArray() || requested.isEmpty()) {
            return new LinkedHashSet<>(COMPACT_FIELDS);
        }
        Set<String> fields = new LinkedHashSet<>(List.of("id"));
        requested.forEach(f -> fields.add(f.asText()));
        return fields;
    }

    private static ObjectNode project(JsonNode order, Set<String> fields) {
        ObjectNode compact = JsonCodec.object();
        for (String field : fields) {
            if (order.has(field)) {
                compact.set(field, order.get(field));
            }
        }
        return compact;
    }

    /** An ISO date or date-time, as OrderDesk's "YYYY-MM-DD HH:MM:SS" in UTC; a bare end date means its whole day. */
    private static java.util.Optional<String> date(ToolKit.Call call, String name, boolean endOfDay) {
        String value = call.args().text(name);
        if (value == null || value.isBlank()) {
            return java.util.Optional.empty();
        }
        String text = value.trim();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return java.util.Optional.of(UPSTREAM_DATE.format(endOfDay ? day.atTime(23, 59, 59) : day.atStartOfDay()));
            }
            Instant instant = text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")
                    ? OffsetDateTime.parse(text).toInstant()
                    : java.time.LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            return java.util.Optional.of(UPSTREAM_DATE.format(instant.atOffset(ZoneOffset.UTC)));
        } catch (DateTimeParseException e) {
            throw new InvalidArgument(name + " must be an ISO date (2024-05-01) or date-time (2024-05-01T12:00:00Z)");
        }
    }

    private SyncToolSpecification create() {
        return tool("orders_create", "Create order")
                .description("Creates an order: at least one item in order_items and a customer or shipping name. "
                        + "Totals are computed by OrderDesk. Queued, applied once (a retry never creates twice); returns "
                        + "the new order, or status pending with a mutation_id.")
                .input("""
                        "order": {"type": "object", "description": "The order: email, shipping {first_name, last_name, address1, city, state, postal_code, country, ...}, customer {...}, order_items [{name, price, quantity, code, ...}], shipping_method, order_metadata, checkout_data, order_notes [{content}], folder_id."},
                        """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "order")
                .output(MutationService.OUTPUT_SCHEMA)
                .write(false, false)
                .handler(call -> {
                    ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                    ObjectNode order = call.args().object("order");
                    List<String> problems = validateNewOrder(order);
                    if (!problems.isEmpty()) {
                        return ToolResults.error("Nothing was queued; the order is invalid: " + String.join("; ", problems));
                    }
                    return mutations.submit(call, store, header -> new MutationCommand.CreateOrder(header, order));
                });
    }

    static List<String> validateNewOrder(ObjectNode order) {
        List<String> problems = new ArrayList<>();
        JsonNode items = order.get("order_items");
        if (!(items instanceof ArrayNode list) || list.isEmpty()) {
            problems.add("order_items must list at least one item");
        } else {
            for (int i = 0; i < list.size(); i++) {
                for (String p : FieldRules.ORDER_ITEM.validateCreate(list.get(i))) {
                    problems.add("order_items[" + i + "]: " + p);
                }
            }
        }
        boolean named = false;
        for (String path : List.of("/shipping/first_name", "/shipping/last_name", "/shipping/company",
                "/customer/first_name", "/customer/last_name", "/customer/company")) {
            named |= order.at(path).isTextual() && !order.at(path).asText().isBlank();
        }
        if (!named) {
            problems.add("give a customer or shipping first_name, last_name or company");
        }
        JsonNode folder = order.get(OrderFields.FOLDER);
        if (folder != null && !folder.canConvertToInt()) {
            problems.add("folder_id must be a folder id (a whole number)");
        }
        ObjectNode rest = order.deepCopy();
        rest.remove(List.of("order_items", OrderFields.FOLDER));
        if (!rest.isEmpty()) {
            problems.addAll(OrderChangeValidator.validate(rest));
        }
        return problems;
    }

    private SyncToolSpecification update() {
        return tool("orders_update", "Update order")
                .description("Changes an order without losing what you do not mention: the change is queued, then "
                        + "applied by reading the full order, merging your change and writing it back, retried if the "
                        + "order changes meanwhile. Returns the updated order, or status pending with a mutation_id "
                        + "when it takes longer than the wait.")
                .input("""
                        "order_id": {"type": "string", "maxLength": 64, "description": "OrderDesk's internal order id."},
                        "changes": {"type": "object", "description": "Only the fields to change. Scalars (email, shipping_method, payment_status, tax_total, ...) are replaced. shipping, customer, return_address, checkout_data and order_metadata are merged key by key: keys you leave out are kept, a null value clears that key. order_items and discount_list replace the whole list (keep each item's id to update it in place). order_notes are appended ({\\"content\\": \\"...\\"}, at most 1800 characters), skipping exact repeats. Read-only fields (id, totals, dates) and folder_id cannot be changed here."},
                        """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "order_id", "changes")
                .output(MutationService.OUTPUT_SCHEMA)
                .write(true, false)
                .handler(call -> {
                    ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                    String orderId = call.args().id("order_id");
                    JsonNode changes = call.args().json("changes");
                    List<String> problems = OrderChangeValidator.validate(changes);
                    if (!problems.isEmpty()) {
                        return ToolResults.error("Nothing was queued; the change is invalid: " + String.join("; ", problems));
                    }
                    return mutations.submit(call, store,
                            header -> new MutationCommand.UpdateOrder(header, orderId, (ObjectNode) changes));
                });
    }

    private SyncToolSpecification delete() {
        return tool("orders_delete", "Delete order")
                .description("Deletes an order from OrderDesk. Queued and applied in order with the order's other changes.")
                .input("""
                        "order_id": {"type": "string", "maxLength": 64},
                        """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "order_id")
                .output(MutationService.OUTPUT_SCHEMA)
                .write(true, true)
                .handler(call -> {
                    ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                    String orderId = call.args().id("order_id");
                    return mutations.submit(call, store, header -> new MutationCommand.DeleteOrder(header, orderId));
                });
    }

    private SyncToolSpecification move() {
        return tool("orders_move", "Move orders to folder")
                .description("Moves orders to a folder, named by folder_id or exact folder_name (see stores_get for the "
                        + "folders). Runs the folder's rules in OrderDesk. Each order is a mutation of its own; the "
                        + "answer lists them in the order given.")
                .input("""
                        "order_ids": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"type": "string", "maxLength": 64}},
                        "folder_id": {"type": "integer", "minimum": 1},
                        "folder_name": {"type": "string", "minLength": 1, "maxLength": 100},
                        """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "order_ids")
                .output(BATCH_OUTPUT)
                .write(true, true)
                .handler(call -> {
                    ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                    boolean byId = call.args().has("folder_id");
                    if (byId == call.args().has("folder_name")) {
                        throw new InvalidArgument("give exactly one of folder_id and folder_name");
                    }
                    Integer folderId = byId ? call.args().integer("folder_id", 1, Integer.MAX_VALUE, 0) : null;
                    String folderName = byId ? null : call.args().requiredText("folder_name", 100);
                    List<String> orderIds = ids(call.args().json("order_ids"), "order_ids");
                    List<Function<MutationHeader, MutationCommand>> builds = new ArrayList<>();
                    for (String orderId : orderIds) {
                        builds.add(header -> new MutationCommand.MoveOrder(header, orderId, folderId, folderName));
                    }
                    return Batches.answer(store, orderIds, mutations.submitAll(call, store, builds));
                });
    }

    static List<String> ids(JsonNode array, String name) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new InvalidArgument(name + " must list at least one id");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode id : array) {
            String text = id.asText();
            if (!(id.isTextual() || id.isIntegralNumber()) || !text.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new InvalidArgument(name + " must hold OrderDesk ids (letters, digits, - or _)");
            }
            ids.add(text);
        }
        return List.copyOf(ids);
    }

    private SyncToolSpecification addNote() {
        return tool("orders_add_note", "Add order note")
                .description("Appends a note to the order's history (append-only in OrderDesk, at most 1800 characters).")
                .input("""
                        "order_id": {"type": "string", "maxLength": 64},
                        "note": {"type": "string", "minLength": 1, "maxLength": 1800},
                        "source_name": {"type": "string", "maxLength": 100, "description": "Who wrote it (shown in OrderDesk)."},
                        """ + IDEMPOTENCY_PARAM + ",\n" + STORE_PARAM, "order_id", "note")
                .output(MutationService.OUTPUT_SCHEMA)
                .write(false, false)
                .handler(call -> {
                    ResolvedStore store = stores.resolve(call.tenant(), call.sessionId(), call.args().store());
                    String orderId = call.args().id("order_id");
                    String note = call.args().requiredText("note", OrderFields.MAX_NOTE_CHARS);
                    if (note.length() > OrderFields.MAX_NOTE_CHARS) {
                        throw new InvalidArgument("note is " + note.length() + " characters; OrderDesk allows at most "
                                + OrderFields.MAX_NOTE_CHARS);
                    }
                    String source = call.args().text("source_name");
                    return mutations.submit(call, store,
                            header -> new MutationCommand.AddOrderNote(header, orderId, note, source));
                });
    }
}
