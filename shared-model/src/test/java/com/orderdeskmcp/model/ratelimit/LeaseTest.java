package com.orderdeskmcp.model.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The arithmetic of taking a store's tokens a few at a time, without a database. */
class LeaseTest {

    @Test
    void theLeaseIsWhatTheLimitRefillsIn100MillisecondsAndNoneAtOrderDesksOwnLimit() {
        // OrderDesk: 3 per second (2.9 configured) refills 0.29 tokens in 100 ms: every request takes its own.
        assertThat(SharedRateLimit.leaseSize(new SharedRateLimit.Limit(18, 2.9))).isZero();
        assertThat(SharedRateLimit.leaseSize(new SharedRateLimit.Limit(20, 3))).isZero();
        assertThat(SharedRateLimit.leaseSize(new SharedRateLimit.Limit(1000, 19.9))).isEqualTo(1);
        assertThat(SharedRateLimit.leaseSize(new SharedRateLimit.Limit(1000, 50))).isEqualTo(5);
        // At most a tenth of the burst, and at most 100.
        assertThat(SharedRateLimit.leaseSize(new SharedRateLimit.Limit(30, 500))).isEqualTo(3);
        assertThat(SharedRateLimit.leaseSize(new SharedRateLimit.Limit(1_000_000, 1_000_000))).isEqualTo(100);
    }

    @Test
    void leasedTokensAreSpentUntilTheirDeadlineAndDroppedAfterIt() {
        SharedRateLimit.Lease lease = new SharedRateLimit.Lease();
        assertThat(lease.take(0)).as("nothing leased yet").isFalse();
        lease.add(2, 100);
        assertThat(lease.take(10)).isTrue();
        assertThat(lease.take(99)).isTrue();
        assertThat(lease.take(99)).as("both spent").isFalse();

        lease.add(3, 200);
        assertThat(lease.take(150)).isTrue();
        assertThat(lease.take(200)).as("at the deadline: too late").isFalse();
        assertThat(lease.take(150)).as("what was left is dropped, not kept for later").isFalse();
    }

    @Test
    void aLaterBatchNeverExtendsTheDeadlineOfTokensTakenEarlier() {
        SharedRateLimit.Lease lease = new SharedRateLimit.Lease();
        lease.add(1, 100);
        lease.add(1, 300);
        assertThat(lease.take(50)).isTrue();
        assertThat(lease.take(150)).as("the earlier deadline holds for all of them").isFalse();
        // Once empty, a new batch has its own deadline.
        lease.add(1, 400);
        assertThat(lease.take(350)).isTrue();
    }

    @Test
    void deadlinesCompareAcrossTheWrapOfNanoTime() {
        SharedRateLimit.Lease lease = new SharedRateLimit.Lease();
        lease.add(1, Long.MIN_VALUE + 50); // System.nanoTime() may wrap: compared by difference, not by value
        assertThat(lease.take(Long.MAX_VALUE - 10)).isTrue();
    }

    @Test
    void oneThreadAtATimeRefillsTheLeaseAndOnlyOnceItIsEmpty() {
        SharedRateLimit.Lease lease = new SharedRateLimit.Lease();
        assertThat(lease.startRefill()).isTrue();
        assertThat(lease.startRefill()).as("another thread refills it").isFalse();
        lease.add(2, 100);
        lease.endRefill();
        // Never more than one lease held: not refilled while tokens are left.
        assertThat(lease.startRefill()).isFalse();
        assertThat(lease.take(10)).isTrue();
        assertThat(lease.take(10)).isTrue();
        assertThat(lease.startRefill()).isTrue();
    }
}
