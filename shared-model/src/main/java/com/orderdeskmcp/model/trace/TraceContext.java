package com.orderdeskmcp.model.trace;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * W3C Trace Context ({@code traceparent}): carried from the agent's MCP request through the Kafka
 * headers of the command into the worker and on to the outcome, so that every log line of one
 * mutation, in every process, names the same trace.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId  16 lowercase hex digits, not all zero: the span of whoever sends this context on
 * @param flags   2 hex digits ({@code 01} = sampled)
 */
public record TraceContext(String traceId, String spanId, String flags) {

    /** The header name, in HTTP and in Kafka record headers. */
    public static final String HEADER = "traceparent";

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A valid version-00 {@code traceparent}, or empty (a malformed one is ignored, as the spec says). */
    public static Optional<TraceContext> parse(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        var match = TRACEPARENT.matcher(traceparent.trim());
        if (!match.matches() || match.group(1).chars().allMatch(c -> c == '0')
                || match.group(2).chars().allMatch(c -> c == '0')) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(match.group(1), match.group(2), match.group(3)));
    }

    /** A new trace, for a request that came without one. */
    public static TraceContext newTrace() {
        return new TraceContext(randomHex(16), randomHex(8), "01");
    }

    /** The same trace, a new span: what this process passes on. */
    public TraceContext child() {
        return new TraceContext(traceId, randomHex(8), flags);
    }

    public String header() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        do {
            RANDOM.nextBytes(random);
        } while (isZero(random));
        return HexFormat.of().formatHex(random);
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
