package com.orderdeskmcp.worker.metrics;

import com.orderdeskmcp.model.mutation.MutationEvent;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * What operators watch on a worker. Names are the contract with dashboards and alerts:
 * <ul>
 *   <li>{@code orderdesk.mutations.completed} (kind, outcome): terminal events recorded;</li>
 *   <li>{@code orderdesk.mutation.latency} (kind, outcome): from acceptance by the front to the terminal event;</li>
 *   <li>{@code orderdesk.mutation.calls} (kind): OrderDesk calls each mutation took part in (1 try = 1
 *       call; coalesced updates share theirs, so summing this overcounts: {@code orderdesk.upstream.requests}
 *       counts each call once);</li>
 *   <li>{@code orderdesk.upstream.requests} (method, status): latency of each OrderDesk call;</li>
 *   <li>{@code orderdesk.ratelimit.wait}: time spent waiting for the shared per-store rate limit;</li>
 *   <li>{@code orderdesk.coalesced.updates}: order updates applied together in one fetch-merge-PUT;</li>
 *   <li>{@code orderdesk.commands.in_flight} (partition): commands taken from Kafka and not finished,
 *       parked ones included;</li>
 *   <li>{@code orderdesk.commands.parked}: commands held back because their store has its share in
 *       flight, or they do not fit in the in-flight size bound yet (registered by the intake, like the
 *       one above);</li>
 *   <li>{@code orderdesk.outcomes.group}: terminal events recorded in one transaction and published together.</li>
 * </ul>
 */
@Component
public class WorkerMetrics {

    private final MeterRegistry registry;
    private final Timer rateLimitWait;
    private final DistributionSummary coalesced;
    private final DistributionSummary outcomeGroup;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rateLimitWait = Timer.builder("orderdesk.ratelimit.wait")
                .description("time spent waiting for the shared per-store rate limit").register(registry);
        this.coalesced = DistributionSummary.builder("orderdesk.coalesced.updates")
                .description("order updates applied with one fetch-merge-PUT").register(registry);
        this.outcomeGroup = DistributionSummary.builder("orderdesk.outcomes.group")
                .description("terminal events recorded in one transaction and published together").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void completed(MutationEvent event) {
        String outcome = event.getClass().getSimpleName();
        registry.counter("orderdesk.mutations.completed", "kind", event.kind(), "outcome", outcome).increment();
        Timer.builder("orderdesk.mutation.latency").tags("kind", event.kind(), "outcome", outcome)
                .register(registry)
                .record(Duration.between(event.header().acceptedAt(), event.completedAt()));
        DistributionSummary.builder("orderdesk.mutation.calls").tag("kind", event.kind()).register(registry)
                .record(event.attempts().size());
    }

    public void upstream(String method, int status, Duration took) {
        Timer.builder("orderdesk.upstream.requests").tags("method", method, "status", Integer.toString(status))
                .register(registry).record(took);
    }

    public void rateLimitWaited(Duration waited) {
        rateLimitWait.record(waited);
    }

    public void coalesced(int updates) {
        coalesced.record(updates);
    }

    public void outcomesCommitted(int events) {
        outcomeGroup.record(events);
    }
}
