package com.orderdeskmcp.front.audit;

import com.orderdeskmcp.model.audit.EventStoreSchema;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The projection's streaming read of a stored event gives the row the typed event gives, for every shape. */
class ProjectedRowTest {

    private static final String HEADER = "'header':{'mutationId':'m-%s','tenantId':'acme','storeId':'4001',"
            + "'idempotencyKey':null,'requestedBy':'odm_1234','acceptedAt':'2026-11-28T04:27:02.123Z'}";
    private static final String ATTEMPTS = "'attempts':[{'number':1,'step':'GET /orders/{id}','startedAt':'2026-11-28T04:27:02.200Z',"
            + "'durationMillis':12,'status':200,'outcome':'ok'},{'number':2,'step':'PUT /orders/{id}',"
            + "'startedAt':'2026-11-28T04:27:02.300Z','durationMillis':15,'status':200,'outcome':'ok'}]";
    private static final String ORDER = "{'id':'1001','email':'c@example.com','shipping':{'city':'Köln','street':'Main \\\"1\\\"'},"
            + "'order_items':[{'price':12.5,'quantity':2}],'note':'😀 – \\\\u2028'}";

    private static List<String> events() {
        return List.of(
                "{'type':'OrderCreated'," + HEADER.formatted(1) + ",'subject':'1001','requested':" + ORDER + ",'sent':" + ORDER
                        + ",'result':" + ORDER + "," + ATTEMPTS + ",'completedAt':'2026-11-28T04:27:03Z'}",
                "{'type':'OrderMutated'," + HEADER.formatted(2) + ",'subject':'1001','requested':{'shipping':{'city':'Köln'}},'sent':"
                        + ORDER + ",'result':" + ORDER + "," + ATTEMPTS + ",'completedAt':'2026-11-28T04:27:03.5Z',"
                        + "'appliedWith':['m-9','m-10'],'changes':[{'path':'shipping.city','before':'Bonn','after':'Köln'}]}",
                "{'type':'OrderMutated'," + HEADER.formatted(3) + ",'subject':'1001','requested':{},'sent':null,'result':null,"
                        + "'attempts':[],'completedAt':'2026-11-28T04:27:03Z','appliedWith':null}",
                "{'type':'OrderDeleted'," + HEADER.formatted(4) + ",'subject':'1001','requested':{},'sent':null,'result':null,"
                        + ATTEMPTS + ",'completedAt':'2026-11-28T04:27:03Z'}",
                "{'type':'OrderNoteAdded'," + HEADER.formatted(5) + ",'subject':'1001','requested':{'note':'hi'},'sent':{'note':'hi'},"
                        + "'result':" + ORDER + "," + ATTEMPTS + ",'completedAt':'2026-11-28T04:27:03Z'}",
                "{'type':'InventoryItemCreated'," + HEADER.formatted(6) + ",'subject':'inventory/77','requested':{'code':'A'},"
                        + "'sent':{'code':'A'},'result':{'id':77,'code':'A'}," + ATTEMPTS + ",'completedAt':'2026-11-28T04:27:03Z'}",
                "{'type':'OrderCreated'," + HEADER.formatted(7) + ",'subject':'new/abc','requested':{},'sent':{},'result':{},"
                        + ATTEMPTS + ",'completedAt':'2026-11-28T04:27:03Z'}",
                "{'type':'MutationRejected'," + HEADER.formatted(8) + ",'kind':'UpdateOrder','subject':'1001','requested':{'email':'x'},"
                        + "'upstreamStatus':422,'reason':'invalid email'," + ATTEMPTS + ",'completedAt':'2026-11-28T04:27:03Z'}",
                "{'type':'MutationFailed'," + HEADER.formatted(9) + ",'kind':'AddOrderNote','subject':'1001','requested':{'note':'x'},"
                        + "'reason':'OrderDesk unavailable'," + ATTEMPTS + ",'completedAt':'2026-11-28T04:27:03Z'}",
                "{'type':'ConflictExhausted'," + HEADER.formatted(10) + ",'kind':'UpdateOrder','subject':'1001','requested':{'email':'x'},"
                        + ATTEMPTS + ",'completedAt':'2026-11-28T04:27:03Z'}");
    }

    /** The bytes the worker stores: the typed event through the event store's serializer. */
    private static byte[] stored(String json) throws Exception {
        MutationEvent event = JsonCodec.mapper().readValue(json.replace('\'', '"'), MutationEvent.class);
        return EventStoreSchema.serializer().serialize(event, byte[].class).getData();
    }

    @Test
    void theStreamingReadGivesTheTypedRowForEveryEventType() throws Exception {
        for (String json : events()) {
            byte[] payload = stored(json);
            ProjectedRow typed = ProjectedRow.typed(7, "4001/1001", 3, "h", payload);
            ProjectedRow.read(7, "4001/1001", 3, "h", payload); // the first of a type may take the typed path
            ProjectedRow streamed = ProjectedRow.read(7, "4001/1001", 3, "h", payload);
            assertThat(normalized(streamed)).as(new String(payload, StandardCharsets.UTF_8)).isEqualTo(normalized(typed));
        }
    }

    @Test
    void whatIsNoMutationEventIsRefusedAsBefore() {
        for (String json : List.of("{\"type\":\"Forged\",\"subject\":\"1\"}", "[1,2]", "not json", "{\"type\":\"OrderCreated\"}")) {
            assertThatThrownBy(() -> ProjectedRow.read(1, "s", 0, "h", json.getBytes(StandardCharsets.UTF_8)))
                    .as(json).isInstanceOf(RuntimeException.class);
        }
    }

    /** JSON columns compared as JSON (PostgreSQL stores them as jsonb), everything else as is. */
    private static List<Object> normalized(ProjectedRow r) {
        return List.of(r.globalIndex(), r.stream(), r.sequence(), r.hash(), r.mutationId(), r.tenantId(), r.storeId(),
                r.subject(), String.valueOf(r.orderId()), r.kind(), r.outcome(), String.valueOf(r.stateChange()),
                String.valueOf(r.requestedBy()), r.acceptedAt(), r.completedAt(), r.attemptCount(), tree(r.attempts()),
                tree(r.requested()), tree(r.sent()), tree(r.result()), tree(r.appliedWith()), String.valueOf(r.reason()),
                tree(r.changes()));
    }

    private static Object tree(String json) {
        return json == null ? "SQL NULL" : JsonCodec.tree(json);
    }
}
