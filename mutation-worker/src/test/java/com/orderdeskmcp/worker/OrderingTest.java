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
    void theOrdersOfOneStoreTakeTurns() {
        // 16 orders of one store, each call 500 ms: at most 4 (worker.store-concurrency) at once means
        // at least 4 rounds of GET + PUT (4 s); all at once would take one round.
        List<String> orders = IntStream.range(0, 16).mapToObj(i -> newOrder()).toList();
        orders.forEach(id -> SANDBOX.addLatency(RequestMatcher.store(STORE).order(id), Duration.ofMillis(500),
                Duration.ZERO));
        List<UpdateOrder> updates = orders.stream()
                .map(id -> new UpdateOrder(header(), id, json("{'email':'turns@example.com'}"))).toList();
        long started = System.nanoTime();
        updates.forEach(WorkerIntegrationTest::send);

        List<MutationEvent> events = updates.stream().map(WorkerIntegrationTest::outcomeOf).toList();

        assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOf(MutationEvent.OrderMutated.class));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(4 * 1000));
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
