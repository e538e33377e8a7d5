package com.orderdeskmcp.worker.upstream;

import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.worker.WorkerProperties;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** Starts the {@link Execution} of a mutation with the configured retry policy. */
@Component
public class Executions {

    private final RetryPolicy policy;
    private final Clock clock = Clock.systemUTC();

    public Executions(WorkerProperties properties) {
        this.policy = new RetryPolicy(properties.retryBackoff(), properties.rateLimitMaxWait());
    }

    public Execution start(StoreCredentials store) {
        return new Execution(store, policy, clock);
    }

    public Clock clock() {
        return clock;
    }
}
