package com.orderdeskmcp.worker;

import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backpressure: while OrderDesk is slow, a worker takes only a bounded number of commands from
 * Kafka (worker.max-in-flight, plus at most one poll's worth less one, as it pauses after a poll);
 * the rest wait in Kafka instead of in the worker's memory, and all of them are carried out.
 */
@TestPropertySource(properties = {
        "worker.max-in-flight=" + BackpressureTest.MAX_IN_FLIGHT,
        // nothing held back for fairness: one store, and the bound under test is max-in-flight
        "worker.max-parked-size=0B",
        "spring.kafka.consumer.max-poll-records=" + BackpressureTest.MAX_POLL_RECORDS,
        "spring.kafka.consumer.client-id=" + BackpressureTest.CLIENT_ID})
// Its worker shares the consumer group with the other classes' worker (when they ran first): close it
// after this class, so that it does not keep partitions (and their commands) from the next class.
@DirtiesContext
class BackpressureTest extends WorkerIntegrationTest {

    static final int MAX_IN_FLIGHT = 5;
    static final int MAX_POLL_RECORDS = 3;
    static final String CLIENT_ID = "bounded-worker";

    @Autowired
    MeterRegistry registry;

    @Value("${spring.kafka.consumer.group-id}")
    String group;

    @Test
    void aSlowOrderDeskDoesNotMakeTheWorkerTakeMoreThanItsBoundOfCommands() {
        // Orders on the partitions this worker holds: another worker in the group would take the rest.
        List<String> orders = ordersHeldBy(group, CLIENT_ID, 40);
        // 40 orders, each call 200 ms: with 4 orders of the store at once that is about 4 s of work,
        // during which every command not yet taken would be taken if nothing held the consumer back.
        SANDBOX.addLatency(RequestMatcher.store(STORE), Duration.ofMillis(200), Duration.ZERO);
        List<UpdateOrder> updates = orders.stream()
                .map(id -> new UpdateOrder(header(), id, json("{'email':'bounded@example.com'}"))).toList();
        updates.forEach(WorkerIntegrationTest::send);

        int bound = MAX_IN_FLIGHT + MAX_POLL_RECORDS - 1;
        int most = mostHeldUntilDone(registry, updates);

        assertThat(most).as("commands taken from Kafka and not finished, at most")
                .isLessThanOrEqualTo(bound)
                // the bound was reached: the test measured a worker with more work than it may hold
                .isGreaterThanOrEqualTo(MAX_IN_FLIGHT);
        assertThat(updates).allSatisfy(u -> assertThat(outcomeOf(u)).isInstanceOf(MutationEvent.OrderMutated.class));
        assertThat(orders).allSatisfy(id -> assertThat(order(id).path("email").asText()).isEqualTo("bounded@example.com"));
    }
}
