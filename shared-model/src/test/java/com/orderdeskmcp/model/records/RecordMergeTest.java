package com.orderdeskmcp.model.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.json.JsonCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordMergeTest {

    private static ObjectNode json(String text) {
        return (ObjectNode) JsonCodec.tree(text.replace('\'', '"'));
    }

    @Test
    void scalarsAreReplacedAndOtherFieldsKept() {
        ObjectNode merged = RecordMerge.merge(json("{'id':'9','name':'Mug','price':10,'stock':4}"),
                json("{'stock':7}"), RecordMerge.KEY_VALUE_MAPS);
        assertThat(merged).isEqualTo(json("{'id':'9','name':'Mug','price':10,'stock':7}"));
    }

    @Test
    void metadataAndVariationsMergeKeyByKeyAndNullRemoves() {
        ObjectNode merged = RecordMerge.merge(
                json("{'metadata':{'a':'1','b':'2'},'variation_list':{'Size':'L'}}"),
                json("{'metadata':{'b':null,'c':'3'},'variation_list':{'Color':'Red'}}"), RecordMerge.KEY_VALUE_MAPS);
        assertThat(merged).isEqualTo(json("{'metadata':{'a':'1','c':'3'},'variation_list':{'Size':'L','Color':'Red'}}"));
    }

    @Test
    void anEmptyMapWrittenAsAnArrayIsReplacedByTheGivenKeys() {
        ObjectNode merged = RecordMerge.merge(json("{'metadata':[]}"), json("{'metadata':{'k':'v'}}"),
                RecordMerge.KEY_VALUE_MAPS);
        assertThat(merged).isEqualTo(json("{'metadata':{'k':'v'}}"));
    }
}
