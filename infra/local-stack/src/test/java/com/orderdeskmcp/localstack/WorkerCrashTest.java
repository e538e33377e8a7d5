package com.orderdeskmcp.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.infra.InfrastructureExtension;
import com.orderdeskmcp.infra.TestInfrastructure;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.model.mutation.MutationCommand.AddOrderNote;
import com.orderdeskmcp.model.mutation.MutationCommand.CreateOrder;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker killed with SIGKILL in the middle of a stream of mutations, then a new worker started:
 * every accepted mutation ends in exactly one terminal event, OrderDesk ends up as if each order's
 * mutations had been applied once each in order, and no create or note happened twice.
 */
@ExtendWith(InfrastructureExtension.class)
class WorkerCrashTest {

    private static final String STORE = "3001";
    private static final int ORDERS = 50;
    private static final int STEPS_PER_ORDER = 20;
    private static final int CREATES = 20;

    @Test
    void aWorkerKilledMidStreamLosesAndDuplicatesNothing(TestInfrastructure infra) throws Exception {
        String apiKey = "crash-key-" + UUID.randomUUID();
        try (OrderDeskSandbox sandbox = OrderDeskSandbox.start(SandboxOptions.defaults().withoutRateLimit())) {
            sandbox.addStore(STORE, apiKey);
            List<String> orders = sandbox.seedOrders(STORE, ORDERS, 11);
            WorkerFixture workers = new WorkerFixture(infra, "crash", "crash-tenant", STORE, apiKey, sandbox.baseUrl());

            // Accept every mutation first (as the front would), in a known order per order.
            Map<String, List<MutationCommand>> perOrder = workers.stream(orders, STEPS_PER_ORDER);
            List<MutationCommand> accepted = WorkerFixture.interleaved(perOrder);
            for (int i = 0; i < CREATES; i++) {
                accepted.add(new CreateOrder(workers.header(), (ObjectNode) JsonCodec.tree("""
                        {"shipping":{"first_name":"Crash","last_name":"Test %d"},"order_items":[{"name":"Mug","code":"MUG","price":5}]}"""
                        .formatted(i))));
            }
            assertThat(accepted).hasSizeGreaterThanOrEqualTo(1000);

            AppProcess first = workers.start("worker-1");
            AppProcess second = null;
            try {
                workers.publish(accepted);
                await().atMost(Duration.ofMinutes(2)).until(() -> workers.finished() >= 150);
                first.kill(); // SIGKILL, mid-stream
                assertThat(workers.finished()).isLessThan(accepted.size());

                second = workers.start("worker-2");
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                        .until(() -> workers.finished() == accepted.size());
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }

            Map<String, Integer> eventsPerMutation = workers.terminalEvents();
            for (MutationCommand command : accepted) {
                assertThat(eventsPerMutation.get(command.mutationId())).as(command.kind() + " " + command.mutationId())
                        .isEqualTo(1);
            }
            assertThat(eventsPerMutation).hasSize(accepted.size());
            assertThat(workers.outcomes()).as("every mutation applied")
                    .containsOnlyKeys("OrderMutated", "OrderNoteAdded", "OrderCreated");

            for (String orderId : orders) {
                assertAppliedOnceEachInOrder(sandbox, orderId, perOrder.get(orderId), STORE);
            }
            assertThat(createdOrdersByMarker(sandbox, apiKey)).hasSize(CREATES)
                    .allSatisfy((marker, count) -> assertThat(count).as("orders created by " + marker).isEqualTo(1));

            // The store's API key never leaves the worker: not in its logs, not in the audit log.
            assertThat(Files.readString(first.logFile())).doesNotContain(apiKey);
            assertThat(Files.readString(second.logFile())).doesNotContain(apiKey);
            int eventsWithKey = workers.query("SELECT count(*) FROM domain_event_entry WHERE position('" + apiKey
                    + "' in convert_from(payload, 'UTF8')) > 0", rows -> rows.next() ? rows.getInt(1) : -1);
            assertThat(eventsWithKey).isZero();
        }
    }

    /** OrderDesk holds what applying the order's mutations once each, in accepted order, gives. */
    static void assertAppliedOnceEachInOrder(OrderDeskSandbox sandbox, String orderId, List<MutationCommand> mine,
                                            String store) {
        ObjectNode order = sandbox.order(store, orderId).orElseThrow();
        List<String> expectedNotes = new ArrayList<>();
        List<String> expectedHistory = new ArrayList<>();
        String lastMethod = null;
        for (MutationCommand command : mine) {
            if (command instanceof UpdateOrder update) {
                lastMethod = update.changes().path("shipping_method").asText();
                expectedNotes.add(update.changes().at("/order_notes/0/content").asText());
            } else {
                expectedHistory.add(((AddOrderNote) command).note());
            }
        }
        assertThat(order.path("shipping_method").asText()).as(orderId).isEqualTo(lastMethod);
        List<String> notes = new ArrayList<>();
        for (JsonNode note : order.path("order_notes")) {
            if (note.path("content").asText().startsWith("n-")) {
                notes.add(note.path("content").asText());
            }
        }
        assertThat(notes).as("notes of " + orderId + " in order").containsExactlyElementsOf(expectedNotes);
        List<String> history = sandbox.orderHistory(store, orderId).stream()
                .map(h -> h.path("note").asText()).filter(n -> n.startsWith("history-")).toList();
        assertThat(history).as("history of " + orderId + ", each once, in order").containsExactlyElementsOf(expectedHistory);
    }

    /** Every order in the store that carries a worker's create mark, counted per marking mutation id. */
    private static Map<String, Integer> createdOrdersByMarker(OrderDeskSandbox sandbox, String apiKey) {
        OrderDeskClient client = new OrderDeskClient(sandbox.baseUrl(), Duration.ofSeconds(5), Duration.ofSeconds(30));
        ObjectNode page = client.searchOrders(new StoreCredentials(STORE, apiKey), Map.of("limit", "500"));
        assertThat(page.path("total_records").asInt()).isLessThanOrEqualTo(500);
        Map<String, Integer> byMarker = new HashMap<>();
        for (JsonNode order : page.path("orders")) {
            String marker = order.at("/order_metadata/orderdesk_mcp_mutation_id").asText("");
            if (!marker.isEmpty()) {
                byMarker.merge(marker, 1, Integer::sum);
            }
        }
        return byMarker;
    }
}
