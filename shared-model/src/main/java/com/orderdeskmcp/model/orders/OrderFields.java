package com.orderdeskmcp.model.orders;

import java.util.Map;
import java.util.Set;

/** What each field of an OrderDesk order is, for validation and merge (ORDERDESK_API.md section 4). */
public final class OrderFields {

    /** Computed or assigned by OrderDesk; an update naming one of these is refused. */
    public static final Set<String> READ_ONLY = Set.of(
            "id", "quantity_total", "weight_total", "product_total", "discount_total", "order_total",
            "email_count", "date_added", "date_updated", "cc_number_masked");

    /** Plain values, replaced when given. */
    public static final Set<String> SCALARS = Set.of(
            "email", "shipping_method", "shipping_total", "handling_total", "tax_total", "cc_exp",
            "processor_response", "payment_type", "payment_status", "processor_balance", "refund_total",
            "customer_id", "ip_address", "source_name", "source_id", "fulfillment_name", "fulfillment_id");

    /** Objects merged key by key; the allowed keys (null = any key, e.g. free-form extras). */
    public static final Map<String, Set<String>> MERGED_OBJECTS = Map.of(
            "shipping", Set.of("first_name", "last_name", "company", "address1", "address2", "address3", "address4",
                    "city", "state", "postal_code", "country", "phone"),
            "customer", Set.of("first_name", "last_name", "company", "address1", "address2", "city", "state",
                    "postal_code", "country", "phone"),
            "return_address", Set.of("title", "name", "company", "address1", "address2", "city", "state",
                    "postal_code", "country", "phone"),
            "checkout_data", Set.of(),
            "order_metadata", Set.of());

    /** Free-form objects among {@link #MERGED_OBJECTS}: any key is allowed. */
    public static final Set<String> FREE_FORM_OBJECTS = Set.of("checkout_data", "order_metadata");

    /** Lists replaced as a whole when given. */
    public static final Set<String> REPLACED_LISTS = Set.of("order_items", "discount_list");

    /** Appended to, never replaced: the order's history notes. */
    public static final String NOTES = "order_notes";

    /** Changed only by moving the order (the move-orders call runs the folder's rules). */
    public static final String FOLDER = "folder_id";

    /** Not changeable through an order update at all. */
    public static final Set<String> NOT_UPDATABLE = Set.of("order_shipments", "order_history", "tag_color", "tag_name");

    /** Size limits of OrderDesk (notes: 2,000 with metadata, so 1,800 of text). */
    public static final int MAX_NOTE_CHARS = 1_800;
    public static final int MAX_CHECKOUT_DATA_JSON_CHARS = 3_500;
    public static final int MAX_ORDER_METADATA_JSON_CHARS = 2_000;
    public static final int MAX_NOTES = 250;

    private OrderFields() {
    }
}
