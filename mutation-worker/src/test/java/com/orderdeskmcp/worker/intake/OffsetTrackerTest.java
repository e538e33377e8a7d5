package com.orderdeskmcp.worker.intake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {

    @Test
    void nothingIsCommittedBeforeAnythingWasSeen() {
        assertThat(new OffsetTracker().toCommit()).isEmpty();
    }

    @Test
    void theCommitStopsAtTheOldestUnfinishedOffset() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.started(10);
        tracker.started(11);
        tracker.started(12);
        tracker.finished(11);
        tracker.finished(12);

        assertThat(tracker.toCommit()).hasValue(10);
    }

    @Test
    void whenEverythingSeenIsFinishedTheCommitIsOnePastTheNewest() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.started(10);
        tracker.started(11);
        tracker.finished(10);
        tracker.finished(11);

        assertThat(tracker.toCommit()).hasValue(12);
    }

    @Test
    void aPositionIsOfferedOnceAndNeverMovesBack() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.started(5);
        tracker.finished(5);
        tracker.committedAt(6);

        assertThat(tracker.toCommit()).isEmpty();
        tracker.started(6);
        assertThat(tracker.toCommit()).isEmpty();
        tracker.finished(6);
        assertThat(tracker.toCommit()).hasValue(7);
    }
}
