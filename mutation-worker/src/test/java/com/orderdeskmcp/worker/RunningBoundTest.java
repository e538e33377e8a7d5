package com.orderdeskmcp.worker;

import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.sandbox.RecordedRequest;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code worker.max-running} bounds the mutations a worker carries out at once across all stores,
 * whatever the stores' own turns allow (this suite's store has a high limit, so many turns).
 */
@TestPropertySource(properties = {
        "worker.max-running=3",
        "spring.kafka.consumer.client-id=" + RunningBoundTest.CLIENT_ID})
// Its worker shares the consumer group with the other classes' worker: close it after this class.
@DirtiesContext
class RunningBoundTest extends WorkerIntegrationTest {

    static final String CLIENT_ID = "running-bound-worker";

    @Value("${spring.kafka.consumer.group-id}")
    String group;

    @Test
    void atMostMaxRunningMutationsAreCarriedOutAtOnce() {
        // 9 orders on this worker's partitions, every call 300 ms: 3 at a time means 3 rounds of GET + PUT.
        List<String> orders = ordersHeldBy(group, CLIENT_ID, 9);
        orders.forEach(id -> SANDBOX.addLatency(RequestMatcher.store(STORE).order(id), Duration.ofMillis(300),
                Duration.ZERO));
        List<UpdateOrder> updates = orders.stream()
                .map(id -> new UpdateOrder(header(), id, json("{'email':'bounded@example.com'}"))).toList();
        updates.forEach(WorkerIntegrationTest::send);

        List<MutationEvent> events = updates.stream().map(WorkerIntegrationTest::outcomeOf).toList();

        assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOf(MutationEvent.OrderMutated.class));
        List<Instant> gets = SANDBOX.requests(RequestMatcher.store(STORE)).stream()
                .filter(r -> r.method().equals("GET") && orders.contains(r.orderId()))
                .map(RecordedRequest::at).sorted().toList();
        assertThat(gets).hasSize(9);
        assertThat(Duration.between(gets.get(0), gets.get(3))).as("the fourth GET waits for a place")
                .isGreaterThanOrEqualTo(Duration.ofMillis(550));
        assertThat(Duration.between(gets.getFirst(), gets.getLast())).as("three rounds")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1150));
        assertThat(orders).allSatisfy(id -> assertThat(order(id).path("email").asText())
                .isEqualTo("bounded@example.com"));
    }
}
