package com.orderdeskmcp.front.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.Attempt;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.model.orders.OrderDiff;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline's diff of mutations that OrderDesk answers without the whole order: what they added or moved. */
class TimelineDiffTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final MutationHeader HEADER = new MutationHeader("m-1", "t1", "s1", null, "odm_abc", T0);
    private static final List<Attempt> ATTEMPTS = List.of(new Attempt(1, "POST", T0, 10, 200, "ok"));

    private static List<OrderDiff.Change> diffOf(MutationEvent event) {
        return AuditQueries.diff(AuditRecord.of(1, "s1/100", 0, "h", JsonCodec.toTree(event)), null);
    }

    private static JsonNode json(String text) {
        return JsonCodec.tree(text.replace('\'', '"'));
    }

    @Test
    void anItemAddedShowsTheItemAsOrderDeskHoldsIt() {
        var event = new MutationEvent.OrderItemAdded(HEADER, "100", json("{'code':'A1','quantity':2}"),
                json("{'code':'A1','quantity':2}"), json("{'id':'77','code':'A1','quantity':2}"), ATTEMPTS, T0);

        assertThat(diffOf(event)).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("order_items[+]");
            assertThat(c.before().isNull()).isTrue();
            assertThat(c.after().path("id").asText()).isEqualTo("77");
        });
    }

    @Test
    void aBatchOfShipmentsShowsEachShipment() {
        JsonNode shipments = json("[{'tracking_number':'T1'},{'tracking_number':'T2'}]");
        var event = new MutationEvent.ShipmentsAdded(HEADER, "100", shipments, shipments,
                json("[{'status':'success'},{'status':'success'}]"), ATTEMPTS, T0);

        assertThat(diffOf(event)).extracting(c -> c.path() + " " + c.after().path("tracking_number").asText())
                .containsExactly("order_shipments[+] T1", "order_shipments[+] T2");
    }

    @Test
    void aMoveShowsTheFolderBeforeAndAfter() {
        var event = new MutationEvent.OrderMoved(HEADER, "100", json("{'folder_id':9}"),
                json("{'destination_folder_id':9}"), json("{'order_id':100,'original_folder_id':4}"), ATTEMPTS, T0);

        assertThat(diffOf(event)).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("folder_id");
            assertThat(c.before().asInt()).isEqualTo(4);
            assertThat(c.after().asInt()).isEqualTo(9);
        });
    }

    @Test
    void anItemChangedWhoseEarlierStateWasNotKeptAndAMutationThatDidNotApplyShowNoDiff() {
        var updated = new MutationEvent.OrderItemUpdated(HEADER, "100", json("{'item_id':'77','changes':{'quantity':3}}"),
                json("{'id':'77','quantity':3}"), json("{'id':'77','quantity':3}"), ATTEMPTS, T0);
        var rejected = new MutationEvent.MutationRejected(HEADER, "AddOrderItem", "100", json("{'code':'A1'}"), 422,
                "invalid", ATTEMPTS, T0);

        assertThat(diffOf(updated)).isEmpty();
        assertThat(diffOf(rejected)).isEmpty();
    }
}
