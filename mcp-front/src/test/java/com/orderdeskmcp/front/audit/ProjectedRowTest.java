package com.orderdeskmcp.front.audit;

import com.orderdeskmcp.model.audit.EventStoreSchema;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The projection's streaming read of a stored event gives the row the typed event gives, for every
 * shape; and that row with the stored payload gives the record the typed event gives (what the
 * queries answer with).
 */
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

    /** The record of a read-model row as the queries build it, before they read the payload. */
    private static AuditRecord indexed(ProjectedRow r) {
        return AuditRecord.indexed(r.globalIndex(), r.stream(), r.sequence(), r.hash(), r.mutationId(), r.tenantId(),
                r.storeId(), r.subject(), r.orderId(), r.kind(), r.outcome(), r.stateChange(), r.requestedBy(),
                r.acceptedAt(), r.completedAt(), r.attemptCount(), r.reason());
    }

    /**
     * The bytes the worker stores, in both forms an event store holds: the canonical JSON its hash
     * covers (what the worker writes now), and the typed event through the event store's serializer
     * (what it wrote before).
     */
    private static List<byte[]> stored(String json) throws Exception {
        MutationEvent event = JsonCodec.mapper().readValue(json.replace('\'', '"'), MutationEvent.class);
        return List.of(EventStoreSchema.canonical(event).getBytes(StandardCharsets.UTF_8),
                EventStoreSchema.serializer().serialize(event, byte[].class).getData());
    }

    private static List<byte[]> payloads() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        for (String json : events()) {
            payloads.addAll(stored(json));
        }
        return payloads;
    }

    @Test
    void theStreamingReadGivesTheTypedRowForEveryEventType() throws Exception {
        for (byte[] payload : payloads()) {
            ProjectedRow typed = ProjectedRow.typed(7, "4001/1001", 3, "h", payload);
            ProjectedRow.read(7, "4001/1001", 3, "h", payload); // the first of a type may take the typed path
            assertThat(ProjectedRow.read(7, "4001/1001", 3, "h", payload)).isEqualTo(typed);
            // ... and the streaming read itself answers, rather than handing every event to the typed path.
            ProjectedRow streamed = ProjectedRow.streamed(7, "4001/1001", 3, "h", payload);
            assertThat(streamed).as(new String(payload, StandardCharsets.UTF_8)).isEqualTo(typed);
        }
    }

    @Test
    void theFirstBytesOfACanonicalPayloadGiveTheRowTheWholePayloadGives() throws Exception {
        for (String json : events()) {
            MutationEvent event = JsonCodec.mapper().readValue(json.replace('\'', '"'), MutationEvent.class);
            String stream = event.key().value();
            String payloadType = event.getClass().getName();
            byte[] canonical = stored(json).getFirst();
            ProjectedRow whole = ProjectedRow.typed(7, stream, 3, "h", canonical);
            ProjectedRow.read(7, stream, 3, "h", canonical); // the first of a type teaches its kind
            // The name of the first member not needed ends here (a byte offset): the prefix must reach it, and
            // may end anywhere after.
            int needed = new String(canonical, StandardCharsets.ISO_8859_1).indexOf("\"" + ProjectedRow.FIRST_NOT_NEEDED + "\"")
                    + ProjectedRow.FIRST_NOT_NEEDED.length() + 2;
            assertThat(needed).as("what the replay reads of each payload holds the fields").isLessThan(ReplayBulk.PREFIX);
            for (int to = needed - 3; to <= canonical.length; to++) {
                ProjectedRow prefixed = ProjectedRow.prefixed(7, stream, 3, "h", payloadType, Arrays.copyOf(canonical, to));
                if (to < needed || event instanceof MutationEvent.MutationRejected) {
                    assertThat(prefixed).as("%s cut at %d", event.getClass().getSimpleName(), to).isNull();
                } else {
                    assertThat(prefixed).as("%s cut at %d", event.getClass().getSimpleName(), to).isEqualTo(whole);
                }
            }
            // Anything else is read whole: the payload as the serializer wrote it before (not sorted), a
            // payload type that is no event class, a stream that is not the header's store's.
            byte[] serialized = stored(json).getLast();
            assertThat(ProjectedRow.prefixed(7, stream, 3, "h", payloadType, serialized)).isNull();
            assertThat(ProjectedRow.prefixed(7, stream, 3, "h", "java.lang.String", canonical)).isNull();
            assertThat(ProjectedRow.prefixed(7, "4002/1001", 3, "h", payloadType, canonical)).isNull();
            assertThat(ProjectedRow.prefixed(7, "4001", 3, "h", payloadType, canonical)).isNull();
        }
    }

    @Test
    void theRowWithItsStoredPayloadGivesTheTypedRecordForEveryEventType() throws Exception {
        for (byte[] payload : payloads()) {
            AuditRecord typed = AuditRecord.of(7, "4001/1001", 3, "h", JsonCodec.mapper().readTree(payload));
            assertThat(indexed(ProjectedRow.read(7, "4001/1001", 3, "h", payload)).withPayload(payload))
                    .as(new String(payload, StandardCharsets.UTF_8)).isEqualTo(typed);
        }
    }

    @Test
    void aPayloadThatCannotBeReadLeavesTheRowsScalarFields() throws Exception {
        ProjectedRow row = ProjectedRow.read(7, "4001/1001", 3, "h", stored(events().get(1)).getFirst());
        AuditRecord indexed = indexed(row);
        for (String altered : List.of("not json", "{\"type\":\"Forged\"}", "[1,2]", "", "null",
                "{\"type\":\"OrderMutated\",\"appliedWith\":\"m-1\"}", "{\"type\":\"OrderMutated\",\"appliedWith\":[1]}")) {
            AuditRecord record = indexed.withPayload(altered.getBytes(StandardCharsets.UTF_8));
            assertThat(record).as(altered).isEqualTo(indexed);
            assertThat(record.mutationId()).isEqualTo("m-2");
            assertThat(record.attemptCount()).as("from the read model").isEqualTo(2);
            assertThat(record.requested()).isNull();
        }
        assertThat(indexed.withPayload(null)).as("the event was removed").isEqualTo(indexed);
    }

    @Test
    void whatIsNoMutationEventIsRefusedAsBefore() {
        for (String json : List.of("{\"type\":\"Forged\",\"subject\":\"1\"}", "[1,2]", "not json", "{\"type\":\"OrderCreated\"}")) {
            assertThatThrownBy(() -> ProjectedRow.read(1, "s", 0, "h", json.getBytes(StandardCharsets.UTF_8)))
                    .as(json).isInstanceOf(RuntimeException.class);
        }
    }
}
