package com.orderdeskmcp.worker.intake;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The offsets of one partition that were handed out and are not finished yet. What may be
 * committed is the oldest unfinished offset (or, when all are finished, one past the newest seen):
 * committing further would let a crash skip a mutation that never ended. Thread-safe: workers
 * finish offsets while the polling thread reads the committable position.
 */
final class OffsetTracker {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long nextAfterSeen = -1;
    private long committed = -1;

    synchronized void started(long offset) {
        unfinished.add(offset);
        nextAfterSeen = Math.max(nextAfterSeen, offset + 1);
    }

    synchronized void finished(long offset) {
        unfinished.remove(offset);
    }

    synchronized int unfinishedCount() {
        return unfinished.size();
    }

    /** The position to commit if it moved since the last commit. */
    synchronized OptionalLong toCommit() {
        if (nextAfterSeen < 0) {
            return OptionalLong.empty();
        }
        long position = unfinished.isEmpty() ? nextAfterSeen : unfinished.first();
        return position > committed ? OptionalLong.of(position) : OptionalLong.empty();
    }

    synchronized void committedAt(long position) {
        committed = Math.max(committed, position);
    }
}
