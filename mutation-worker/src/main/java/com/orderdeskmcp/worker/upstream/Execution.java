package com.orderdeskmcp.worker.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.client.OrderDeskException;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.client.UpstreamFailure;
import com.orderdeskmcp.model.mutation.Attempt;
import com.orderdeskmcp.worker.metrics.WorkerMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The calls one mutation makes to OrderDesk, with the retry policy and the audit record of every
 * attempt. Three shapes of step:
 * <ul>
 *   <li>{@link #call}: one request; a 429 waits {@code X-Retry-After} and sends again (not a retry);</li>
 *   <li>{@link #idempotent}: a step safe to repeat (GET, full-replacement PUT, DELETE, or a whole
 *       read-merge-write cycle), repeated on 409 and transient failures on the backoff schedule;</li>
 *   <li>{@link #nonIdempotent}: a step that would act twice if repeated (POST): after a failure that
 *       leaves it unknown whether it took effect, the effect is looked up first and the step is
 *       sent again only if it is not there.</li>
 * </ul>
 */
public final class Execution {

    private final StoreCredentials store;
    private final RetryPolicy policy;
    private final Clock clock;
    private final List<Attempt> attempts = new ArrayList<>();

    private final WorkerMetrics metrics;

    Execution(StoreCredentials store, RetryPolicy policy, Clock clock, WorkerMetrics metrics) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
    }

    public StoreCredentials store() {
        return store;
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** One request, recorded as one attempt per try; waits out 429s within the configured budget. */
    public <T> T call(String step, Supplier<T> request) {
        Duration waited = Duration.ZERO;
        while (true) {
            Instant started = clock.instant();
            try {
                T result = request.get();
                record(step, started, 200, "ok");
                return result;
            } catch (OrderDeskException e) {
                record(step, started, e.status(), e.kind().name().toLowerCase());
                Duration wait = e.retryAfter().orElse(Duration.ofSeconds(1));
                if (e.kind() != UpstreamFailure.RATE_LIMITED
                        || waited.plus(wait).compareTo(policy.rateLimitMaxWait()) > 0) {
                    throw e;
                }
                pause(wait);
                waited = waited.plus(wait);
            }
        }
    }

    /** Repeats {@code cycle} on conflicts and transient failures, on the backoff schedule. */
    public <T> T idempotent(Supplier<T> cycle) {
        return retry(RetryPolicy::conflictOrTransient).executeSupplier(cycle);
    }

    /**
     * Sends once; after a transient failure (no answer, 5xx) looks the effect up and returns it if
     * it is there, else sends again, on the backoff schedule.
     *
     * @param resumed this mutation had started before (a redelivery after a crash)
     */
    public <T> T nonIdempotent(boolean resumed, Supplier<T> send, Supplier<Optional<T>> lookUp) {
        // A redelivered command may have sent before the worker died: look first then, too.
        boolean[] sent = {resumed};
        return retry(RetryPolicy::transientOnly).executeSupplier(() -> {
            if (sent[0]) {
                Optional<T> already = lookUp.get();
                if (already.isPresent()) {
                    return already.get();
                }
            }
            sent[0] = true;
            return send.get();
        });
    }

    /**
     * A DELETE, repeated on transient failures; a 404 after a try whose answer was lost means that
     * try deleted it.
     */
    public ObjectNode delete(String step, Supplier<ObjectNode> request) {
        boolean[] tried = {false};
        return idempotent(() -> {
            try {
                return call(step, request);
            } catch (OrderDeskException e) {
                if (e.status() == 404 && tried[0]) {
                    return JsonCodec.object().put("status", "success").put("message", "already deleted");
                }
                throw e;
            } finally {
                tried[0] = true;
            }
        });
    }

    private Retry retry(java.util.function.Predicate<Throwable> retryOn) {
        List<Duration> backoff = policy.backoff();
        return Retry.of("orderdesk", RetryConfig.custom()
                .maxAttempts(backoff.size() + 1)
                .intervalBiFunction((attempt, result) -> backoff.get(Math.min(attempt, backoff.size()) - 1).toMillis())
                .retryOnException(retryOn)
                .build());
    }

    private void record(String step, Instant started, int status, String outcome) {
        Duration took = Duration.between(started, clock.instant());
        attempts.add(new Attempt(attempts.size() + 1, step, started, took.toMillis(), status, outcome));
        metrics.upstream(step.substring(0, Math.max(0, step.indexOf(' '))), status, took);
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrderDeskException(0, "interrupted while waiting for OrderDesk's rate limit", null, e);
        }
    }
}
