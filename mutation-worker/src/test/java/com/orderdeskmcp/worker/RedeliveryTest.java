package com.orderdeskmcp.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.audit.EventStoreSchema;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.mutation.MutationCommand.AddOrderItem;
import com.orderdeskmcp.model.mutation.MutationCommand.CreateOrder;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import com.orderdeskmcp.worker.orders.OrderSteps;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker died after its request reached OrderDesk but before it recorded the outcome: the
 * redelivered command finds the effect instead of repeating it. The state such a crash leaves
 * (the started mark, the effect upstream, no ledger row) is set up directly.
 */
class RedeliveryTest extends WorkerIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private final OrderDeskClient orderDesk = new OrderDeskClient(SANDBOX.baseUrl(), Duration.ofSeconds(5),
            Duration.ofSeconds(10));
    private final StoreCredentials store = new StoreCredentials(STORE, API_KEY);

    @Test
    void aRedeliveredCreateFindsTheOrderItCreatedBeforeTheCrash() {
        CreateOrder create = new CreateOrder(header(), json("""
                {'shipping':{'first_name':'Redo','last_name':'Once'},'order_items':[{'name':'Mug','code':'MUG','price':5}]}"""));
        jdbc.update("INSERT INTO mutation_started (mutation_id, started_at) VALUES (?, now())", create.mutationId());
        ObjectNode before = create.order().deepCopy();
        before.putObject("order_metadata").put(OrderSteps.CREATED_BY_MUTATION, create.mutationId());
        String createdBeforeCrash = orderDesk.createOrder(store, before).path("id").asText();

        MutationEvent event = run(create);

        assertThat(event).isInstanceOf(MutationEvent.OrderCreated.class);
        assertThat(event.subject()).isEqualTo(createdBeforeCrash);
        assertThat(ordersMarkedBy(create.mutationId())).containsExactly(createdBeforeCrash);
    }

    @Test
    void aRedeliveredItemAddFindsTheItemItAddedBeforeTheCrash() {
        String orderId = newOrder();
        AddOrderItem add = new AddOrderItem(header(), orderId, json("{'name':'Second Mug','code':'MUG-2','price':6,'quantity':1}"));
        List<String> idsBefore = new ArrayList<>();
        order(orderId).path("order_items").forEach(item -> idsBefore.add(item.path("id").asText()));
        jdbc.update("INSERT INTO mutation_started (mutation_id, started_at, context) VALUES (?, now(), ?)",
                add.mutationId(), String.join(",", idsBefore));
        orderDesk.addOrderItem(store, orderId, add.item());

        MutationEvent event = run(add);

        assertThat(event).isInstanceOf(MutationEvent.OrderItemAdded.class);
        assertThat(order(orderId).path("order_items")).filteredOn(i -> i.path("code").asText().equals("MUG-2")).hasSize(1);
    }

    @Test
    void aCommandDeliveredAgainAfterItFinishedIsAnsweredFromTheLedgerWhichNamesItsEventWithoutACopy() {
        String orderId = newOrder();
        UpdateOrder update = new UpdateOrder(header(), orderId, json("{'email':'once@example.com'}"));
        assertThat(run(update)).isInstanceOf(MutationEvent.OrderMutated.class);
        // The ledger row names the stored event and keeps no second copy of its JSON.
        assertThat(jdbc.queryForMap("""
                SELECT p.event_json, e.payload IS NOT NULL AS stored FROM processed_mutation p
                LEFT JOIN domain_event_entry e ON e.event_identifier = p.event_identifier WHERE p.mutation_id = ?""",
                update.mutationId())).containsEntry("event_json", null).containsEntry("stored", true);

        send(update);
        UpdateOrder after = new UpdateOrder(header(), orderId, json("{'shipping_method':'After'}"));
        assertThat(run(after)).isInstanceOf(MutationEvent.OrderMutated.class); // same key: the redelivery ran first

        assertThat(SANDBOX.countRequests(RequestMatcher.store(STORE).method("PUT").order(orderId))).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Integer.class, STORE + "/" + orderId)).isEqualTo(2);
    }

    @Test
    void aLedgerRowWrittenBeforeTheLedgerNamedItsEventStillAnswersARedelivery() {
        String orderId = newOrder();
        UpdateOrder update = new UpdateOrder(header(), orderId, json("{'email':'legacy@example.com'}"));
        var recorded = new MutationEvent.OrderMutated(update.header(), orderId, update.changes(), order(orderId),
                order(orderId), List.of(), Instant.now(), List.of(), List.of());
        jdbc.update("""
                INSERT INTO processed_mutation (mutation_id, tenant_id, store_id, subject, outcome, event_json, recorded_at)
                VALUES (?, ?, ?, ?, 'OrderMutated', ?, now())""", update.mutationId(), TENANT, STORE, orderId,
                EventStoreSchema.canonical(recorded));

        send(update);
        UpdateOrder after = new UpdateOrder(header(), orderId, json("{'shipping_method':'After'}"));
        assertThat(run(after)).isInstanceOf(MutationEvent.OrderMutated.class);

        // Republished from the row's copy, as it was recorded.
        assertThat(EventStoreSchema.canonical(outcomeOf(update))).isEqualTo(EventStoreSchema.canonical(recorded));
        assertThat(order(orderId).path("email").asText()).isNotEqualTo("legacy@example.com");
        assertThat(SANDBOX.countRequests(RequestMatcher.store(STORE).method("PUT").order(orderId))).isEqualTo(1);
    }

    private List<String> ordersMarkedBy(String mutationId) {
        List<String> ids = new ArrayList<>();
        for (JsonNode order : orderDesk.searchOrders(store, Map.of("limit", "500")).path("orders")) {
            if (mutationId.equals(order.at("/order_metadata/" + OrderSteps.CREATED_BY_MUTATION).asText())) {
                ids.add(order.path("id").asText());
            }
        }
        return ids;
    }
}
