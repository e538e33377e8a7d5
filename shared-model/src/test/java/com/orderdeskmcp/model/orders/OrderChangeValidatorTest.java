package com.orderdeskmcp.model.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.model.json.JsonCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderChangeValidatorTest {

    private static JsonNode json(String text) {
        return JsonCodec.tree(text.replace('\'', '"'));
    }

    @Test
    void aValidChangeHasNoProblems() {
        assertThat(OrderChangeValidator.validate(json("""
                {'email':'a@b.c','shipping':{'city':'Oslo','address2':null},'checkout_data':{'k':'v'},
                 'order_items':[{'id':'1','quantity':2}],'order_notes':[{'content':'hi'}],'tax_total':1.5}
                """))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "order_total", "product_total", "quantity_total", "weight_total", "discount_total",
            "email_count", "date_added", "date_updated"})
    void readOnlyFieldsAreRefused(String field) {
        assertThat(OrderChangeValidator.validate(json("{'" + field + "':'1'}")))
                .singleElement().asString().contains(field, "read-only");
    }

    @Test
    void folderIdIsRefusedWithAPointerToMove() {
        assertThat(OrderChangeValidator.validate(json("{'folder_id':2}")))
                .singleElement().asString().contains("folder_id", "move");
    }

    @Test
    void unknownFieldsAndUnknownAddressKeysAreNamed() {
        assertThat(OrderChangeValidator.validate(json("{'colour':'red','shipping':{'town':'Oslo'}}")))
                .anySatisfy(p -> assertThat(p).contains("unknown field colour"))
                .anySatisfy(p -> assertThat(p).contains("shipping.town"));
    }

    @Test
    void customerHasNoAddress3() {
        assertThat(OrderChangeValidator.validate(json("{'customer':{'address3':'x'}}")))
                .singleElement().asString().contains("customer.address3");
    }

    @Test
    void wrongTypesAreRefused() {
        assertThat(OrderChangeValidator.validate(json("{'email':{'a':1},'shipping':'Oslo','order_items':{}}")))
                .hasSize(3);
    }

    @Test
    void emptyOrNonObjectChangesAreRefused() {
        assertThat(OrderChangeValidator.validate(json("{}"))).singleElement().asString().contains("empty");
        assertThat(OrderChangeValidator.validate(json("[1]"))).singleElement().asString().contains("object");
    }

    @Test
    void notesAreLimitedTo1800Characters() {
        String ok = "x".repeat(1800);
        String tooLong = "x".repeat(1801);
        assertThat(OrderChangeValidator.validate(json("{'order_notes':[{'content':'" + ok + "'}]}"))).isEmpty();
        assertThat(OrderChangeValidator.validate(json("{'order_notes':[{'content':'" + tooLong + "'}]}")))
                .singleElement().asString().contains("1801", "1800");
    }

    @Test
    void checkoutDataAndMetadataSizesAreLimited() {
        String big = "y".repeat(3_600);
        assertThat(OrderChangeValidator.validate(json("{'checkout_data':{'k':'" + big + "'}}")))
                .singleElement().asString().contains("checkout_data", "3500");
        assertThat(OrderChangeValidator.validate(json("{'order_metadata':{'k':'" + "z".repeat(2_000) + "'}}")))
                .singleElement().asString().contains("order_metadata", "2000");
    }

    @Test
    void shipmentsCannotBeChangedThroughAnUpdate() {
        assertThat(OrderChangeValidator.validate(json("{'order_shipments':[]}")))
                .singleElement().asString().contains("order_shipments");
    }
}
