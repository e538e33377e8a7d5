package com.orderdeskmcp.model.orders;

import com.orderdeskmcp.model.json.JsonCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FieldRulesTest {

    @Test
    void aNewItemNeedsANameAndKnownFieldsOfTheRightTypes() {
        assertThat(FieldRules.ORDER_ITEM.validateCreate(JsonCodec.tree("{\"name\":\"Mug\",\"price\":\"9.50\",\"quantity\":2}")))
                .isEmpty();
        assertThat(FieldRules.ORDER_ITEM.validateCreate(JsonCodec.tree(
                "{\"id\":\"5\",\"quantity\":1.5,\"colour\":\"red\",\"delivery_type\":\"drone\",\"metadata\":{\"a\":[1]}}")))
                .containsExactlyInAnyOrder(
                        "name is required for a new order item",
                        "id is read-only: OrderDesk assigns it",
                        "quantity must be a whole number",
                        "unknown field colour of a order item; its fields are [category_code, code, delivery_type, "
                                + "fulfillment_method, metadata, name, price, quantity, variation_list, weight]",
                        "delivery_type must be one of [download, future, noship, ship]",
                        "metadata.a must be a string, number, boolean or null");
    }

    @Test
    void aChangeNamesAtLeastOneField() {
        assertThat(FieldRules.SHIPMENT.validateChange(JsonCodec.object()))
                .containsExactly("changes is empty: name at least one field of the shipment to change");
        assertThat(FieldRules.SHIPMENT.validateChange(JsonCodec.tree("{\"carrier_code\":\"UPS\"}"))).isEmpty();
        assertThat(FieldRules.SHIPMENT.validateChange(JsonCodec.tree("[1]")))
                .containsExactly("the shipment must be a JSON object of its fields");
    }

    @Test
    void aNewInventoryItemNeedsNameAndCode() {
        assertThat(FieldRules.INVENTORY_ITEM.validateCreate(JsonCodec.tree("{\"name\":\"Mug\",\"stock\":\"abc\"}")))
                .containsExactlyInAnyOrder("code is required for a new inventory item", "stock must be a whole number");
    }
}
