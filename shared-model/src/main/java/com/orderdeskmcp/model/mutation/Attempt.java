package com.orderdeskmcp.model.mutation;

import java.time.Instant;

/**
 * One call made to OrderDesk while carrying out a mutation, for the audit trail.
 *
 * @param step     what was called, e.g. "GET /orders/{id}" or "PUT /orders/{id}"
 * @param status   HTTP status, or 0 when no answer came (timeout, dropped connection)
 * @param outcome  a short word for what it meant: ok, conflict, rate-limited, rejected, error
 */
public record Attempt(int number, String step, Instant startedAt, long durationMillis, int status, String outcome) {
}
