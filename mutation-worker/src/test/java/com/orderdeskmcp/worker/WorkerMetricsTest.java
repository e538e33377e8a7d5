package com.orderdeskmcp.worker;

import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator's dashboard reads after mutations ran. */
class WorkerMetricsTest extends WorkerIntegrationTest {

    @Autowired
    MeterRegistry registry;

    @Test
    void outcomesLatencyUpstreamCallsAndRateLimitWaitsAreMeasured() {
        double before = completed("UpdateOrder", "OrderMutated");
        String orderId = newOrder();
        SANDBOX.failNext(STORE, orderId, "PUT", 409, 1);

        run(new UpdateOrder(header(), orderId, json("{'email':'metrics@example.com'}")));

        assertThat(completed("UpdateOrder", "OrderMutated")).isEqualTo(before + 1);
        assertThat(registry.get("orderdesk.mutation.latency").tags("kind", "UpdateOrder").timer().count()).isPositive();
        assertThat(registry.get("orderdesk.upstream.requests").tags("method", "PUT", "status", "409").timer().count())
                .isPositive();
        assertThat(registry.get("orderdesk.ratelimit.wait").timer().count()).isPositive();
        assertThat(registry.find("orderdesk.commands.in_flight").gauges()).isNotEmpty();
    }

    @Test
    void callsAndOutcomesAddUpToWhatOrderDeskSaw() {
        // Three orders, one of which meets a conflict: GET+PUT, GET+PUT, GET+PUT(409)+GET+PUT.
        List<String> orders = IntStream.range(0, 3).mapToObj(i -> newOrder()).toList();
        SANDBOX.failNext(STORE, orders.getFirst(), "PUT", 409, 1);
        double completedBefore = completed("UpdateOrder", "OrderMutated");
        long mutationsBefore = calls().count();
        double callsBefore = calls().totalAmount();
        double gets = upstream("GET", 200);
        double puts = upstream("PUT", 200);
        double conflicts = upstream("PUT", 409);
        List<UpdateOrder> updates = orders.stream()
                .map(o -> new UpdateOrder(header(), o, json("{'email':'counted@example.com'}"))).toList();
        updates.forEach(WorkerIntegrationTest::send);

        assertThat(updates).allSatisfy(u -> assertThat(outcomeOf(u)).isInstanceOf(MutationEvent.OrderMutated.class));

        long seenByOrderDesk = orders.stream().mapToLong(o -> SANDBOX.countRequests(RequestMatcher.store(STORE).order(o)))
                .sum();
        assertThat(seenByOrderDesk).isEqualTo(8);
        assertThat(completed("UpdateOrder", "OrderMutated") - completedBefore).isEqualTo(3);
        // orderdesk.mutation.calls: one value per mutation, its OrderDesk calls (not shared here: no coalescing)
        assertThat(calls().count() - mutationsBefore).isEqualTo(3);
        assertThat(calls().totalAmount() - callsBefore).isEqualTo(seenByOrderDesk);
        assertThat(upstream("GET", 200) - gets).isEqualTo(4);
        assertThat(upstream("PUT", 200) - puts).isEqualTo(3);
        assertThat(upstream("PUT", 409) - conflicts).isEqualTo(1);
    }

    @Test
    void theCoalescingFactorCountsTheUpdatesThatSharedAPut() {
        String orderId = newOrder();
        // Slow the order down so that the updates after the first queue up behind it and share a PUT.
        SANDBOX.addLatency(RequestMatcher.store(STORE).order(orderId), Duration.ofMillis(300), Duration.ZERO);
        DistributionSummary coalesced = registry.get("orderdesk.coalesced.updates").summary();
        long batchesBefore = coalesced.count();
        double updatesBefore = coalesced.totalAmount();
        List<UpdateOrder> updates = IntStream.range(0, 10).mapToObj(i -> new UpdateOrder(header(), orderId,
                json("{'order_metadata':{'c" + i + "':'x'}}"))).toList();
        updates.forEach(WorkerIntegrationTest::send);

        List<MutationEvent.OrderMutated> events = updates.stream().map(WorkerIntegrationTest::outcomeOf)
                .map(MutationEvent.OrderMutated.class::cast).toList();

        long batches = coalesced.count() - batchesBefore;
        long sharedAPut = events.stream().filter(e -> !e.appliedWith().isEmpty()).count();
        long alone = events.size() - sharedAPut;
        assertThat(batches).as("batches of more than one update").isPositive();
        assertThat(coalesced.max()).isGreaterThan(1);
        assertThat(coalesced.totalAmount() - updatesBefore).isEqualTo(sharedAPut);
        // One PUT per batch and per update applied alone: the factor a dashboard shows is what OrderDesk saw.
        assertThat(SANDBOX.countRequests(RequestMatcher.store(STORE).method("PUT").order(orderId)))
                .isEqualTo(batches + alone);
    }

    /** Registered with the first outcome of the kind: an empty stand-in before that. */
    private DistributionSummary calls() {
        DistributionSummary summary = registry.find("orderdesk.mutation.calls").tags("kind", "UpdateOrder").summary();
        return summary != null ? summary : DistributionSummary.builder("none").register(new SimpleMeterRegistry());
    }

    private double upstream(String method, int status) {
        Timer timer = registry.find("orderdesk.upstream.requests").tags("method", method, "status", Integer.toString(status))
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private double completed(String kind, String outcome) {
        var counter = registry.find("orderdesk.mutations.completed").tags("kind", kind, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
