package com.orderdeskmcp.worker.commands;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How many orders of a store run at once, by the store's rate limit. */
class StorePermitsTest {

    @Test
    void aStoreAtOrderDesksLimitGetsTheConfiguredTurns() {
        assertThat(StorePermits.turns(4, 2.9, 1000)).isEqualTo(4); // the apps' default, a little under 3/s
        assertThat(StorePermits.turns(4, 3, 1000)).isEqualTo(4);
    }

    @Test
    void aStoreWithAHigherLimitGetsProportionallyMore() {
        assertThat(StorePermits.turns(4, 30, 1000)).isEqualTo(40);
        assertThat(StorePermits.turns(2, 4.5, 1000)).isEqualTo(3);
    }

    @Test
    void neverFewerThanConfiguredNorMoreThanTheWorkerHoldsAtOnce() {
        assertThat(StorePermits.turns(4, 0.5, 1000)).isEqualTo(4);
        assertThat(StorePermits.turns(4, 1_000_000, 1000)).isEqualTo(1000);
        assertThat(StorePermits.turns(4, Double.MAX_VALUE, 50)).isEqualTo(50);
    }
}
