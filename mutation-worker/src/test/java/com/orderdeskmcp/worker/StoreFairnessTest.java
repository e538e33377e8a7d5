package com.orderdeskmcp.worker;

import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No head-of-line blocking between stores: one store's backlog, longer than the worker's whole
 * in-flight bound, does not hold up another store's order on the same partition.
 */
@TestPropertySource(properties = {
        "worker.max-in-flight=8",
        "worker.max-parked-size=1MB",
        // few records per poll, so that the other store's record is not simply taken along with the backlog's
        "spring.kafka.consumer.max-poll-records=3",
        "spring.kafka.consumer.client-id=" + StoreFairnessTest.CLIENT_ID})
// Its worker shares the consumer group with the other classes' worker: close it after this class.
@DirtiesContext
class StoreFairnessTest extends WorkerIntegrationTest {

    static final String CLIENT_ID = "fair-worker";
    static final String OTHER_STORE = "2002";
    static final String OTHER_KEY = "sandbox-key-" + UUID.randomUUID();

    static {
        SANDBOX.addStore(OTHER_STORE, OTHER_KEY);
    }

    @DynamicPropertySource
    static void otherStore(DynamicPropertyRegistry registry) {
        registry.add("orderdesk.stores[1].tenant", () -> TENANT);
        registry.add("orderdesk.stores[1].id", () -> OTHER_STORE);
        registry.add("orderdesk.stores[1].api-key", () -> OTHER_KEY);
    }

    @Value("${spring.kafka.consumer.group-id}")
    String group;

    @Test
    void aStoresBacklogDoesNotHoldUpAnotherStoresOrderOnTheSamePartition() {
        int partition = partitionsHeldBy(group, CLIENT_ID).iterator().next();
        // 40 updates of one store, every call 1 s, 4 of its orders at a time: 20 s of work, five
        // times the worker's in-flight bound of 8.
        List<String> backlogOrders = Stream.generate(WorkerIntegrationTest::newOrder)
                .filter(id -> commandPartition(id) == partition).limit(40).toList();
        String other = Stream.generate(() -> SANDBOX.seedOrders(OTHER_STORE, 1, System.nanoTime()).getFirst())
                .filter(id -> commandPartition(OTHER_STORE, id) == partition).findFirst().orElseThrow();
        SANDBOX.addLatency(RequestMatcher.store(STORE), Duration.ofSeconds(1), Duration.ZERO);
        List<UpdateOrder> backlog = backlogOrders.stream()
                .map(id -> new UpdateOrder(header(), id, json("{'email':'backlog@example.com'}"))).toList();
        backlog.forEach(WorkerIntegrationTest::send);
        UpdateOrder behind = new UpdateOrder(new MutationHeader(UUID.randomUUID().toString(), TENANT, OTHER_STORE,
                null, "test", Instant.now()), other, json("{'email':'not-held-up@example.com'}"));
        send(behind);

        MutationEvent done = outcomeOf(behind);
        assertThat(done).isInstanceOf(MutationEvent.OrderMutated.class);
        // It waits for one place in flight to free up (an update of the backlog: 2 s), not for the
        // backlog to drain (20 s; taken in Kafka's order, about 16 s before it).
        assertThat(Duration.between(behind.header().acceptedAt(), done.completedAt()))
                .isLessThan(Duration.ofSeconds(6));
        List<MutationEvent> backlogDone = backlog.stream().map(WorkerIntegrationTest::outcomeOf).toList();
        assertThat(backlogDone).allSatisfy(e -> assertThat(e).isInstanceOf(MutationEvent.OrderMutated.class));
        assertThat(done.completedAt()).isBefore(
                backlogDone.stream().map(MutationEvent::completedAt).max(Comparator.naturalOrder()).orElseThrow()
                        .minusSeconds(10));
        assertThat(SANDBOX.order(OTHER_STORE, other).orElseThrow().path("email").asText())
                .isEqualTo("not-held-up@example.com");
        assertThat(backlogOrders).allSatisfy(id -> assertThat(order(id).path("email").asText())
                .isEqualTo("backlog@example.com"));
    }
}
