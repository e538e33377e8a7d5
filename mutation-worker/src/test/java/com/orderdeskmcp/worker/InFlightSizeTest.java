package com.orderdeskmcp.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.mutation.MutationCommand.AddShipments;
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
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large commands: the worker holds them by their size (worker.max-in-flight-size), not only by
 * their number. 30 batches of 100 shipments, about 22 KB each, a bound of 100 KB: four fit, the
 * rest wait in Kafka, though max-in-flight would let the worker take every one of them.
 */
@TestPropertySource(properties = {
        "worker.max-in-flight=1000",
        "worker.max-in-flight-size=" + InFlightSizeTest.MAX_IN_FLIGHT_SIZE_KB + "KB",
        // nothing held back beyond one poll, so that what the worker holds is what the size bound lets in
        "worker.max-parked-size=0B",
        "spring.kafka.consumer.max-poll-records=" + InFlightSizeTest.MAX_POLL_RECORDS,
        "spring.kafka.consumer.client-id=" + InFlightSizeTest.CLIENT_ID})
// Shares the consumer group with the other classes' worker: closed after this class (see BackpressureTest).
@DirtiesContext
class InFlightSizeTest extends WorkerIntegrationTest {

    static final int MAX_IN_FLIGHT_SIZE_KB = 100;
    static final int MAX_POLL_RECORDS = 3;
    static final String CLIENT_ID = "size-bounded-worker";
    private static final int SHIPMENTS = 100;

    @Autowired
    MeterRegistry registry;

    @Value("${spring.kafka.consumer.group-id}")
    String group;

    @Test
    void largeCommandsAreHeldByTheirSizeAndAllCarriedOut() {
        List<String> orders = ordersHeldBy(group, CLIENT_ID, 30);
        SANDBOX.addLatency(RequestMatcher.store(STORE), Duration.ofMillis(200), Duration.ZERO);
        List<AddShipments> batches = orders.stream().map(id -> new AddShipments(header(), id, shipments(id))).toList();
        batches.forEach(WorkerIntegrationTest::send);

        int most = mostHeldUntilDone(registry, batches);

        // Four of about 21.6 KB (value, key and 256 bytes each) fit in 100 KB, a fifth does not; the
        // consumer pauses once a poll brought records that must wait, so one poll's worth more at most.
        assertThat(most).as("commands taken from Kafka and not finished, at most")
                .isLessThanOrEqualTo(4 + MAX_POLL_RECORDS)
                .isGreaterThanOrEqualTo(4);
        assertThat(batches).allSatisfy(b -> assertThat(outcomeOf(b)).isInstanceOf(MutationEvent.ShipmentsAdded.class));
        assertThat(orders).allSatisfy(id -> assertThat(order(id).path("order_shipments").valueStream()
                .filter(shipment -> shipment.path("tracking_number").asText().startsWith("1Z" + id + "X")))
                .as("the batch's shipments, each once").hasSize(SHIPMENTS));
    }

    /** A hundred shipments of about 215 bytes each. */
    private static List<ObjectNode> shipments(String orderId) {
        return IntStream.range(0, SHIPMENTS).mapToObj(i -> json("{'tracking_number':'1Z" + orderId + "X" + i
                + "','carrier_code':'UPS','shipment_method':'Ground','tracking_url':'https://www.ups.com/track?loc=en_US"
                + "&tracknum=1Z" + orderId + "X" + i + "&requester=WT/trackdetails&campaign=orderdesk-mcp-bulk'}"))
                .toList();
    }
}
