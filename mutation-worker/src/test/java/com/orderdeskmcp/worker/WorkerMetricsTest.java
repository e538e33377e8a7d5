package com.orderdeskmcp.worker;

import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

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

    private double completed(String kind, String outcome) {
        var counter = registry.find("orderdesk.mutations.completed").tags("kind", kind, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
