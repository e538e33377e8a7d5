package com.orderdeskmcp.model.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.model.json.JsonCodec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrderDiffTest {

    private static JsonNode json(String text) {
        return JsonCodec.tree(text.replace('\'', '"'));
    }

    private static List<String> described(JsonNode before, JsonNode after) {
        return OrderDiff.between(before, after).stream()
                .map(c -> c.path() + ": " + c.before() + " -> " + c.after()).toList();
    }

    @Test
    void sameOrdersHaveNoChanges() {
        JsonNode order = json("{'id':'1','shipping':{'city':'Springfield'},'order_items':[{'id':'5','quantity':1}]}");
        assertThat(OrderDiff.between(order, order.deepCopy())).isEmpty();
    }

    @Test
    void nestedFieldsAreNamedByTheirPath() {
        assertThat(described(json("{'shipping':{'city':'Springfield','state':'OR'},'email':'a@example.org'}"),
                json("{'shipping':{'city':'Shelbyville','state':'OR'},'email':'a@example.org'}")))
                .containsExactly("shipping.city: \"Springfield\" -> \"Shelbyville\"");
    }

    @Test
    void arraysAreComparedElementByElement() {
        assertThat(described(json("{'order_items':[{'id':'5','quantity':1}]}"),
                json("{'order_items':[{'id':'5','quantity':2},{'id':'6','quantity':1}]}")))
                .containsExactly("order_items[0].quantity: 1 -> 2",
                        "order_items[1]: null -> {\"id\":\"6\",\"quantity\":1}");
    }

    @Test
    void addedAndRemovedFieldsHaveNullOnTheirMissingSide() {
        assertThat(described(json("{'order_metadata':{'old':'x'}}"), json("{'order_metadata':{'new':'y'}}")))
                .containsExactly("order_metadata.old: \"x\" -> null", "order_metadata.new: null -> \"y\"");
    }

    @Test
    void aChangedTypeIsOneChangeOfTheWholeValue() {
        assertThat(described(json("{'checkout_data':{'gift':'yes'}}"), json("{'checkout_data':[]}")))
                .containsExactly("checkout_data: {\"gift\":\"yes\"} -> []");
    }
}
