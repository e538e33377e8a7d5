package com.orderdeskmcp.worker.upstream;

import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.worker.WorkerProperties;
import com.orderdeskmcp.worker.metrics.WorkerMetrics;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** Starts the {@link Execution} of a mutation with the configured retry policy. */
@Component
public class Executions {

    private final RetryPolicy policy;
    private final WorkerMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    public Executions(WorkerProperties properties, WorkerMetrics metrics) {
        this.policy = new RetryPolicy(properties.retryBackoff(), properties.rateLimitMaxWait());
        this.metrics = metrics;
    }

    public Execution start(StoreCredentials store) {
        return new Execution(store, policy, clock, metrics);
    }

    public Clock clock() {
        return clock;
    }
}
