package com.orderdeskmcp.model.client;

/** What an OrderDesk failure means for whoever called: the retry decision, as a pure function of the status. */
public enum UpstreamFailure {
    /** 409: the order changed since it was read; re-read, re-merge, re-send. */
    CONFLICT,
    /** 429: the store's request bucket is empty; wait X-Retry-After, then send again. */
    RATE_LIMITED,
    /** 5xx, 408, or no answer: may succeed later; retry where the step is idempotent. */
    TRANSIENT,
    /** 400, 401, 403, 404, 422 and other 4xx: the same request will fail again. */
    FINAL;

    public static UpstreamFailure of(int status) {
        if (status == 409) {
            return CONFLICT;
        }
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status == 0 || status == 408 || status == 425 || status >= 500) {
            return TRANSIENT;
        }
        return FINAL;
    }
}
