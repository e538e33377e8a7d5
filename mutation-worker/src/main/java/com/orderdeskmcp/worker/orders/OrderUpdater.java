package com.orderdeskmcp.worker.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orderdeskmcp.model.client.OrderDeskClient;
import com.orderdeskmcp.model.client.OrderDeskException;
import com.orderdeskmcp.model.client.StoreCredentials;
import com.orderdeskmcp.model.client.UpstreamFailure;
import com.orderdeskmcp.model.mutation.Attempt;
import com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationHeader;
import com.orderdeskmcp.model.orders.OrderChangeValidator;
import com.orderdeskmcp.model.orders.OrderMerge;
import com.orderdeskmcp.model.stores.StoreVault;
import com.orderdeskmcp.worker.WorkerProperties;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Carries out an order update: fetch the full order, merge the change, PUT the whole order back.
 * A 409 (the order changed since we read it) or a transient failure starts the cycle again from
 * the fetch, on the configured backoff schedule; a 429 waits for OrderDesk's X-Retry-After inside
 * the cycle and does not count as a retry. Every way this can end is a terminal event.
 */
@Component
public class OrderUpdater {

    private static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(1);

    private final OrderDeskClient orderDesk;
    private final StoreVault vault;
    private final WorkerProperties properties;
    private final RetryConfig retryConfig;
    private final Clock clock;

    public OrderUpdater(OrderDeskClient orderDesk, StoreVault vault, WorkerProperties properties) {
        this.orderDesk = orderDesk;
        this.vault = vault;
        this.properties = properties;
        this.clock = Clock.systemUTC();
        List<Duration> backoff = properties.retryBackoff();
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(backoff.size() + 1)
                .intervalBiFunction((attempt, result) -> backoff.get(Math.min(attempt, backoff.size()) - 1).toMillis())
                .retryOnException(OrderUpdater::worthAnotherCycle)
                .build();
    }

    public MutationEvent apply(UpdateOrder command) {
        List<Attempt> attempts = new ArrayList<>();
        MutationHeader header = command.header();
        Optional<StoreCredentials> store = vault.credentials(header.tenantId(), header.storeId());
        if (store.isEmpty()) {
            return rejected(command, 404, "store " + header.storeId() + " is not registered for this tenant", attempts);
        }
        // Checked again here: a command may come from an older or misbehaving producer.
        List<String> problems = OrderChangeValidator.validate(command.changes());
        if (!problems.isEmpty()) {
            return rejected(command, 400, String.join("; ", problems), attempts);
        }
        Retry retry = Retry.of("update-order", retryConfig);
        try {
            Applied applied = retry.executeSupplier(() -> cycle(store.get(), command, attempts));
            return new MutationEvent.OrderMutated(header, command.orderId(), command.changes(), applied.sent(),
                    applied.after(), List.copyOf(attempts), clock.instant(), List.of());
        } catch (OrderDeskException e) {
            return switch (e.kind()) {
                case CONFLICT -> new MutationEvent.ConflictExhausted(header, command.kind(), command.subject(),
                        command.requested(), List.copyOf(attempts), clock.instant());
                case FINAL -> rejected(command, e.status(), e.getMessage(), attempts);
                case TRANSIENT, RATE_LIMITED -> new MutationEvent.MutationFailed(header, command.kind(),
                        command.subject(), command.requested(), e.getMessage(), List.copyOf(attempts), clock.instant());
            };
        }
    }

    private record Applied(ObjectNode sent, ObjectNode after) {
    }

    /** One fetch → merge → PUT; records itself as one attempt, whichever way it ends. */
    private Applied cycle(StoreCredentials store, UpdateOrder command, List<Attempt> attempts) {
        Instant started = clock.instant();
        String step = "GET /orders/" + command.orderId();
        try {
            ObjectNode current = withinRateLimit(() -> orderDesk.getOrder(store, command.orderId()));
            ObjectNode merged = OrderMerge.merge(current, command.changes());
            step = "PUT /orders/" + command.orderId();
            ObjectNode after = withinRateLimit(() -> orderDesk.replaceOrder(store, command.orderId(), merged));
            attempts.add(attempt(attempts, step, started, 200, "ok"));
            return new Applied(merged, after);
        } catch (OrderDeskException e) {
            attempts.add(attempt(attempts, step, started, e.status(), e.kind().name().toLowerCase()));
            throw e;
        }
    }

    private <T> T withinRateLimit(Supplier<T> call) {
        Duration waited = Duration.ZERO;
        while (true) {
            try {
                return call.get();
            } catch (OrderDeskException e) {
                Duration wait = e.retryAfter().orElse(DEFAULT_RATE_LIMIT_WAIT);
                if (e.kind() != UpstreamFailure.RATE_LIMITED
                        || waited.plus(wait).compareTo(properties.rateLimitMaxWait()) > 0) {
                    throw e;
                }
                sleep(wait);
                waited = waited.plus(wait);
            }
        }
    }

    private static boolean worthAnotherCycle(Throwable failure) {
        return failure instanceof OrderDeskException e
                && (e.kind() == UpstreamFailure.CONFLICT || e.kind() == UpstreamFailure.TRANSIENT);
    }

    private Attempt attempt(List<Attempt> attempts, String step, Instant started, int status, String outcome) {
        return new Attempt(attempts.size() + 1, step, started, Duration.between(started, clock.instant()).toMillis(),
                status, outcome);
    }

    private MutationEvent rejected(UpdateOrder command, int status, String reason, List<Attempt> attempts) {
        return new MutationEvent.MutationRejected(command.header(), command.kind(), command.subject(),
                command.requested(), status, reason, List.copyOf(attempts), clock.instant());
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrderDeskException(0, "interrupted while waiting for OrderDesk's rate limit", null, e);
        }
    }
}
