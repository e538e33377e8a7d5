package com.orderdeskmcp.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.sandbox.RecordedRequest;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-order order, no head-of-line blocking, and coalescing of queued updates. */
class OrderingTest extends WorkerIntegrationTest {

    @Test
    void aHundredUpdatesOfOneOrderReachOrderDeskInTheOrderTheyWereAccepted() {
        String orderId = newOrder();
        // Slow the order down so that updates pile up behind each other while others are accepted.
        SANDBOX.addLatency(RequestMatcher.store(STORE).order(orderId), Duration.ofMillis(20), Duration.ofMillis(20));
        List<UpdateOrder> updates = IntStream.range(0, 100).mapToObj(i -> new UpdateOrder(header(), orderId, json(
                "{'shipping_method':'step " + i + "','order_notes':[{'content':'note " + i + "'}]}"))).toList();
        updates.forEach(WorkerIntegrationTest::send);

        List<MutationEvent> events = updates.stream().map(WorkerIntegrationTest::outcomeOf).toList();

        assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOf(MutationEvent.OrderMutated.class));
        assertThat(order(orderId).path("shipping_method").asText()).isEqualTo("step 99");
        List<String> notes = new ArrayList<>();
        for (JsonNode note : order(orderId).path("order_notes")) {
            if (note.path("content").asText().startsWith("note ")) {
                notes.add(note.path("content").asText());
            }
        }
        assertThat(notes).containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "note " + i).toList());
    }

    @Test
    void aHundredUpdatesOfOneOrderStayInOrderWhileOtherOrdersOfTheStoreRunAlongside() {
        String hot = newOrder();
        // A third of the others share the hot order's partition (and so its consumer's queues), the
        // rest are spread over the other partitions; all are of the same store and compete for its turns.
        List<String> others = new ArrayList<>();
        IntStream.range(0, 10).forEach(i -> others.add(otherOrderOnTheSamePartitionAs(hot)));
        IntStream.range(0, 20).forEach(i -> others.add(newOrder()));
        // Uneven call times, so that the orders' work interleaves differently from how it was sent.
        SANDBOX.addLatency(RequestMatcher.store(STORE), Duration.ofMillis(5), Duration.ofMillis(30));
        List<UpdateOrder> hotUpdates = new ArrayList<>();
        List<UpdateOrder> otherUpdates = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            UpdateOrder update = new UpdateOrder(header(), hot, json(
                    "{'shipping_method':'step " + i + "','order_notes':[{'content':'note " + i + "'}]}"));
            hotUpdates.add(update);
            send(update);
            for (int j = 0; j < 3; j++) {
                int n = 3 * i + j;
                UpdateOrder other = new UpdateOrder(header(), others.get(n % others.size()), json(
                        "{'order_notes':[{'content':'other " + n / others.size() + "'}]}"));
                otherUpdates.add(other);
                send(other);
            }
        }

        assertThat(hotUpdates).allSatisfy(u -> assertThat(outcomeOf(u)).isInstanceOf(MutationEvent.OrderMutated.class));
        assertThat(otherUpdates).allSatisfy(u -> assertThat(outcomeOf(u)).isInstanceOf(MutationEvent.OrderMutated.class));
        assertThat(order(hot).path("shipping_method").asText()).isEqualTo("step 99");
        assertThat(notes(hot, "note ")).containsExactlyElementsOf(
                IntStream.range(0, 100).mapToObj(i -> "note " + i).toList());
        // Each of the others got its ten updates, in order, too.
        for (String other : others) {
            assertThat(notes(other, "other ")).containsExactlyElementsOf(
                    IntStream.range(0, 10).mapToObj(i -> "other " + i).toList());
        }
        // They did run alongside: other orders' calls reached OrderDesk while the hot order's were under way.
        List<RecordedRequest> hotCalls = SANDBOX.requests(RequestMatcher.store(STORE).order(hot));
        Instant hotFirst = hotCalls.getFirst().at();
        Instant hotLast = hotCalls.getLast().at();
        assertThat(SANDBOX.requests(RequestMatcher.store(STORE)).stream()
                .filter(r -> others.contains(r.orderId()) && r.at().isAfter(hotFirst) && r.at().isBefore(hotLast)))
                .hasSizeGreaterThan(10);
    }

    @Test
    void aSlowOrderDoesNotHoldUpAnotherOrderOnTheSamePartition() {
        String slow = newOrder();
        String fast = otherOrderOnTheSamePartitionAs(slow);
        SANDBOX.addLatency(RequestMatcher.store(STORE).order(slow), Duration.ofSeconds(2), Duration.ZERO);

        UpdateOrder slowUpdate = new UpdateOrder(header(), slow, json("{'email':'slow@example.com'}"));
        UpdateOrder fastUpdate = new UpdateOrder(header(), fast, json("{'email':'fast@example.com'}"));
        send(slowUpdate);
        send(fastUpdate);

        MutationEvent fastDone = outcomeOf(fastUpdate);
        MutationEvent slowDone = outcomeOf(slowUpdate);
        assertThat(fastDone.completedAt()).isBefore(slowDone.completedAt());
        assertThat(Duration.between(fastUpdate.header().acceptedAt(), fastDone.completedAt()))
                .isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void fiftyQueuedUpdatesOfOneOrderAreAppliedWithFewUpstreamCalls() {
        String orderId = newOrder();
        SANDBOX.addLatency(RequestMatcher.store(STORE).order(orderId), Duration.ofMillis(300), Duration.ZERO);
        List<UpdateOrder> updates = IntStream.range(0, 50).mapToObj(i -> new UpdateOrder(header(), orderId, json(
                "{'order_metadata':{'k" + i + "':'" + i + "'}}"))).toList();
        updates.forEach(WorkerIntegrationTest::send);

        List<MutationEvent> events = updates.stream().map(WorkerIntegrationTest::outcomeOf).toList();

        assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOf(MutationEvent.OrderMutated.class));
        assertThat(order(orderId).path("order_metadata").size()).isGreaterThanOrEqualTo(50);
        assertThat(SANDBOX.countRequests(RequestMatcher.store(STORE).order(orderId))).isLessThanOrEqualTo(10);
        assertThat(((MutationEvent.OrderMutated) events.getLast()).appliedWith()).isNotEmpty();
    }

    @Test
    void theOrdersOfAStoreAtOrderDesksRateTakeTurns() {
        // A store held to OrderDesk's 3 requests/s (its burst covers every call here, so the limit
        // itself holds nothing up): 4 orders at once (worker.store-concurrency), so 16 orders whose
        // calls take 500 ms each run in 4 rounds of GET + PUT.
        List<Instant> gets = getsOfSixteenSlowOrders(ORDERDESK_RATE_STORE);

        assertThat(Duration.between(gets.get(0), gets.get(4))).as("the fifth GET waits for a turn")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.between(gets.getFirst(), gets.getLast())).as("four rounds")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    }

    @Test
    void aStoreWithAHigherLimitRunsMoreOfItsOrdersAtOnce() {
        // This suite's default limit is 1,000 requests/s: turns for far more than 16 orders.
        List<Instant> gets = getsOfSixteenSlowOrders(STORE);

        assertThat(Duration.between(gets.getFirst(), gets.getLast())).as("all 16 GETs within one call's time")
                .isLessThan(Duration.ofMillis(500));
    }

    /** Updates 16 orders of the store, each call to them slowed to 500 ms; when their GETs arrived, in order. */
    private static List<Instant> getsOfSixteenSlowOrders(String storeId) {
        List<String> orders = IntStream.range(0, 16).mapToObj(i -> newOrder(storeId)).toList();
        orders.forEach(id -> SANDBOX.addLatency(RequestMatcher.store(storeId).order(id), Duration.ofMillis(500),
                Duration.ZERO));
        List<UpdateOrder> updates = orders.stream()
                .map(id -> new UpdateOrder(header(storeId), id, json("{'email':'turns@example.com'}"))).toList();
        updates.forEach(WorkerIntegrationTest::send);

        List<MutationEvent> events = updates.stream().map(WorkerIntegrationTest::outcomeOf).toList();

        assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOf(MutationEvent.OrderMutated.class));
        List<Instant> gets = SANDBOX.requests(RequestMatcher.store(storeId)).stream()
                .filter(r -> r.method().equals("GET") && orders.contains(r.orderId()))
                .map(RecordedRequest::at).sorted().toList();
        assertThat(gets).hasSize(16);
        return gets;
    }

    @Test
    void eachCoalescedUpdateRecordsWhatItChangedItself() {
        String orderId = newOrder();
        String cityBefore = order(orderId).path("shipping").path("city").asText();
        // Slow the order down so that the later updates queue up and share one PUT.
        SANDBOX.addLatency(RequestMatcher.store(STORE).order(orderId), Duration.ofMillis(300), Duration.ZERO);
        List<UpdateOrder> updates = List.of("Ashford", "Brighton", "Carlisle").stream()
                .map(city -> new UpdateOrder(header(), orderId, json("{'shipping':{'city':'" + city + "'}}")))
                .toList();
        updates.forEach(WorkerIntegrationTest::send);

        List<MutationEvent.OrderMutated> events = updates.stream().map(WorkerIntegrationTest::outcomeOf)
                .map(MutationEvent.OrderMutated.class::cast).toList();

        assertThat(events.stream().mapToInt(e -> e.appliedWith().size()).sum())
                .as("at least two of the three were coalesced").isGreaterThan(0);
        List<String> chain = List.of(cityBefore, "Ashford", "Brighton", "Carlisle");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).changes()).singleElement().satisfies(change -> {
                assertThat(change.path()).isEqualTo("shipping.city");
            });
            assertThat(events.get(i).changes().getFirst().before().asText()).isEqualTo(chain.get(i));
            assertThat(events.get(i).changes().getFirst().after().asText()).isEqualTo(chain.get(i + 1));
        }
    }

    /** The contents of the order's notes that start with {@code prefix}, in the order OrderDesk keeps them. */
    private static List<String> notes(String orderId, String prefix) {
        List<String> notes = new ArrayList<>();
        for (JsonNode note : order(orderId).path("order_notes")) {
            if (note.path("content").asText().startsWith(prefix)) {
                notes.add(note.path("content").asText());
            }
        }
        return notes;
    }

    private static String otherOrderOnTheSamePartitionAs(String orderId) {
        int target = commandPartition(orderId);
        while (true) {
            String candidate = newOrder();
            if (commandPartition(candidate) == target) {
                return candidate;
            }
        }
    }

}
