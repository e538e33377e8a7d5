package com.orderdeskmcp.model.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.json.JsonCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderMergeTest {

    private static ObjectNode json(String text) {
        return (ObjectNode) JsonCodec.tree(text.replace('\'', '"'));
    }

    private static final ObjectNode ORDER = json("""
            {'id':'1001','email':'ada@example.com','shipping_method':'UPS Ground','folder_id':1,
             'order_total':42.5,'date_updated':'2026-11-20 10:00:00',
             'shipping':{'first_name':'Ada','last_name':'Lovelace','address1':'12 St James Sq','city':'London','postal_code':'SW1Y 4JH','country':'GB'},
             'customer':{'first_name':'Ada','last_name':'Lovelace','city':'London'},
             'checkout_data':{'Gift Message':'Happy Birthday','Delivery':'Leave at door'},
             'order_metadata':{'fraud_score':0},
             'order_items':[{'id':'77','name':'Mug','code':'MUG','price':10,'quantity':2},{'id':'78','name':'Tea','code':'TEA','price':5,'quantity':1}],
             'discount_list':[{'name':'Promo','code':'X1','amount':'1.50'}],
             'order_notes':[{'date_added':'2026-11-20 09:00:00','username':'CS','content':'Called customer'}],
             'order_shipments':[{'id':'5','tracking_number':'1Z999'}]}
            """);

    @Test
    void topLevelScalarIsReplacedAndEverythingElseKept() {
        ObjectNode merged = OrderMerge.merge(ORDER, json("{'shipping_method':'FedEx Home Delivery'}"));

        assertThat(merged.get("shipping_method").asText()).isEqualTo("FedEx Home Delivery");
        ObjectNode expected = ORDER.deepCopy();
        expected.put("shipping_method", "FedEx Home Delivery");
        assertThat(merged).isEqualTo(expected);
    }

    @Test
    void partialShippingChangeKeepsTheOtherAddressFields() {
        ObjectNode merged = OrderMerge.merge(ORDER, json("{'shipping':{'city':'Cambridge','postal_code':'CB2 1TN'}}"));

        assertThat(merged.get("shipping")).isEqualTo(json("""
                {'first_name':'Ada','last_name':'Lovelace','address1':'12 St James Sq','city':'Cambridge','postal_code':'CB2 1TN','country':'GB'}
                """));
        assertThat(merged.get("customer")).isEqualTo(ORDER.get("customer"));
    }

    @Test
    void customerAndReturnAddressAreMergedKeyByKey() {
        ObjectNode merged = OrderMerge.merge(ORDER, json("{'customer':{'phone':'+44 20 7946 0000'},'return_address':{'name':'Returns'}}"));

        assertThat(merged.at("/customer/first_name").asText()).isEqualTo("Ada");
        assertThat(merged.at("/customer/phone").asText()).isEqualTo("+44 20 7946 0000");
        assertThat(merged.at("/return_address/name").asText()).isEqualTo("Returns");
    }

    @Test
    void nullClearsOneKeyOfAnAddressAndLeavesTheRest() {
        ObjectNode merged = OrderMerge.merge(ORDER, json("{'shipping':{'address1':null}}"));

        assertThat(merged.at("/shipping/address1").asText()).isEmpty();
        assertThat(merged.at("/shipping/city").asText()).isEqualTo("London");
    }

    @Test
    void checkoutDataAndMetadataMergeKeysAndNullRemovesAKey() {
        ObjectNode merged = OrderMerge.merge(ORDER,
                json("{'checkout_data':{'Delivery':null,'Gift Wrap':'yes'},'order_metadata':{'agent':'claude'}}"));

        assertThat(merged.get("checkout_data")).isEqualTo(json("{'Gift Message':'Happy Birthday','Gift Wrap':'yes'}"));
        assertThat(merged.get("order_metadata")).isEqualTo(json("{'fraud_score':0,'agent':'claude'}"));
    }

    @Test
    void itemsAreReplacedAsAWholeKeepingTheirIds() {
        ObjectNode merged = OrderMerge.merge(ORDER,
                json("{'order_items':[{'id':'77','name':'Mug','code':'MUG','price':10,'quantity':3}]}"));

        assertThat(merged.get("order_items")).hasSize(1);
        assertThat(merged.at("/order_items/0/id").asText()).isEqualTo("77");
        assertThat(merged.at("/order_items/0/quantity").asInt()).isEqualTo(3);
    }

    @Test
    void discountListIsReplacedAsAWhole() {
        ObjectNode merged = OrderMerge.merge(ORDER, json("{'discount_list':[]}"));

        assertThat(merged.get("discount_list")).isEmpty();
    }

    @Test
    void notesAreAppendedSkippingOnesWhoseTrimmedTextExists() {
        ObjectNode merged = OrderMerge.merge(ORDER, json("""
                {'order_notes':[{'content':'  Called customer '},{'content':'Refund approved'},{'content':'Refund approved'}]}
                """));

        assertThat(merged.get("order_notes")).extracting(n -> n.get("content").asText())
                .containsExactly("Called customer", "Refund approved");
    }

    @Test
    void theReadDateUpdatedIsSentBackSoAStaleWriteCanBeRefused() {
        ObjectNode merged = OrderMerge.merge(ORDER, json("{'email':'ada@lovelace.org'}"));

        assertThat(merged.get("date_updated").asText()).isEqualTo("2026-11-20 10:00:00");
    }

    @Test
    void inputsAreNotModified() {
        ObjectNode before = ORDER.deepCopy();
        ObjectNode change = json("{'shipping':{'city':'Paris'},'order_notes':[{'content':'x'}]}");
        ObjectNode changeBefore = change.deepCopy();

        OrderMerge.merge(ORDER, change);

        assertThat(ORDER).isEqualTo(before);
        assertThat(change).isEqualTo(changeBefore);
    }

    @Test
    void aNonUpdatableFieldIsRefusedEvenIfValidationWasSkipped() {
        assertThatThrownBy(() -> OrderMerge.merge(ORDER, json("{'folder_id':3}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("folder_id");
    }
}
