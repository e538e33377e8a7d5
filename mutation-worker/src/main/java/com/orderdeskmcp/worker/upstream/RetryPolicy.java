package com.orderdeskmcp.worker.upstream;

import com.orderdeskmcp.model.client.OrderDeskException;
import com.orderdeskmcp.model.client.UpstreamFailure;

import java.time.Duration;
import java.util.List;

/**
 * How long to wait between retries and for rate limits. Which failures are retried is decided by
 * {@link UpstreamFailure#of(int)} (a pure function of the status).
 *
 * @param backoff          the wait before each retry; its length is the number of retries
 * @param rateLimitMaxWait the longest a mutation waits on 429s in all
 */
public record RetryPolicy(List<Duration> backoff, Duration rateLimitMaxWait) {

    public RetryPolicy {
        backoff = List.copyOf(backoff);
    }

    static boolean conflictOrTransient(Throwable failure) {
        return failure instanceof OrderDeskException e
                && (e.kind() == UpstreamFailure.CONFLICT || e.kind() == UpstreamFailure.TRANSIENT);
    }

    static boolean transientOnly(Throwable failure) {
        return failure instanceof OrderDeskException e && e.kind() == UpstreamFailure.TRANSIENT;
    }
}
