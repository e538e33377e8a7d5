package com.orderdeskmcp.front.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.Attempt;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.model.orders.OrderDiff;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The MCP tool's history: compact and paged, so that a long history fits in a client's output budget. */
class AuditViewsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private static AuditQueries.History historyOf(int updates) {
        List<AuditQueries.TimelineEntry> entries = new ArrayList<>();
        for (int i = 0; i < updates; i++) {
            JsonNode order = JsonCodec.tree("{\"id\":\"100\",\"email\":\"e" + i + "@example.org\",\"notes\":\""
                    + "x".repeat(2000) + "\"}");
            var event = new MutationEvent.OrderMutated(
                    new MutationHeader("m-" + i, "t1", "s1", null, "odm_abc", T0.plusSeconds(i)), "100",
                    JsonCodec.tree("{\"email\":\"e" + i + "@example.org\"}"), order, order,
                    List.of(new Attempt(1, "GET /orders/100", T0, 10, 200, "ok"),
                            new Attempt(2, "PUT /orders/100", T0, 12, 200, "ok")),
                    T0.plusSeconds(i).plusMillis(50), List.of(),
                    List.of(new OrderDiff.Change("email", JsonCodec.tree("\"e" + (i - 1) + "@example.org\""),
                            JsonCodec.tree("\"e" + i + "@example.org\""))));
            AuditRecord record = AuditRecord.of(i + 1, "s1/100", i, "h" + i, JsonCodec.toTree(event));
            entries.add(new AuditQueries.TimelineEntry(record, event.changes()));
        }
        return new AuditQueries.History("s1", "100", entries);
    }

    @Test
    void pagesLeaveOutTheWholeOrdersAndSayWhereTheNextPageStarts() {
        Map<String, Object> first = AuditViews.historyPage(historyOf(5), 0, 2);
        JsonNode page = JsonCodec.toTree(first);

        assertThat(page.path("total").asInt()).isEqualTo(5);
        assertThat(page.path("next_offset").asInt()).isEqualTo(2);
        assertThat(page.path("events")).extracting(e -> e.path("mutation_id").asText()).containsExactly("m-0", "m-1");
        JsonNode event = page.path("events").get(1);
        assertThat(event.has("sent")).isFalse();
        assertThat(event.has("result")).isFalse();
        assertThat(event.path("attempts").asInt()).isEqualTo(2);
        assertThat(event.at("/diff/0/path").asText()).isEqualTo("email");
        assertThat(event.at("/diff/0/after").asText()).isEqualTo("e1@example.org");
        assertThat(JsonCodec.encode(first).length()).as("no 2 KB order in it").isLessThan(2000);
    }

    @Test
    void theLastPageHasNoNextOffsetAndAnOffsetPastTheEndIsAnEmptyPage() {
        JsonNode last = JsonCodec.toTree(AuditViews.historyPage(historyOf(5), 4, 2));
        assertThat(last.path("events")).extracting(e -> e.path("mutation_id").asText()).containsExactly("m-4");
        assertThat(last.path("next_offset").isNull()).isTrue();

        JsonNode beyond = JsonCodec.toTree(AuditViews.historyPage(historyOf(5), 9, 2));
        assertThat(beyond.path("events")).isEmpty();
        assertThat(beyond.path("next_offset").isNull()).isTrue();
    }
}
