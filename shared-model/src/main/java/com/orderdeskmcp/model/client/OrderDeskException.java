package com.orderdeskmcp.model.client;

import java.time.Duration;
import java.util.Optional;

/**
 * OrderDesk did not answer with success. {@code status} is 0 when no answer came at all (timeout,
 * dropped connection): then the request may or may not have taken effect upstream.
 * The message is OrderDesk's own (or ours); it never contains credentials.
 */
public final class OrderDeskException extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    public OrderDeskException(int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public UpstreamFailure kind() {
        return UpstreamFailure.of(status);
    }
}
