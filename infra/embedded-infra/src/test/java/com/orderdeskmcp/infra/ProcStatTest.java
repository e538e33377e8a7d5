package com.orderdeskmcp.infra;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the benchmark harnesses read from /proc, read about this test's own JVM. */
class ProcStatTest {

    private static final long SELF = ProcessHandle.current().pid();
    private static final long GONE = Long.MAX_VALUE;
    private static volatile long sink;

    @Test
    void aProcessesCpuTimeGrowsWithTheWorkItDoes() {
        long before = ProcStat.processTicks(SELF);
        long sum = 0;
        long deadline = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < deadline) {
            sum += Long.numberOfTrailingZeros(sum + System.nanoTime());
        }
        assertThat(sum).isPositive();
        long after = ProcStat.processTicks(SELF);
        assertThat(after).isGreaterThan(before);
        // Read after the own time, as the clock keeps running between two reads of /proc.
        assertThat(ProcStat.processTicks(SELF, true)).isGreaterThanOrEqualTo(after);
    }

    @Test
    void parentMemoryMachineAndLoadAreRead() {
        assertThat(ProcStat.parentOf(SELF)).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(ProcStat.rssKb(SELF)).isPositive();
        long[] machine = ProcStat.machineTicks();
        assertThat(machine[0]).isPositive().isLessThanOrEqualTo(machine[1]);
        assertThat(ProcStat.loadAverage()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aJvmsCompilerThreadsAreCountedAndAnotherProgramHasNone() throws Exception {
        // A test JVM has compiled plenty by now; should it not have, hot code gives its JIT work.
        for (int round = 0; round < 200 && ProcStat.compilerTicks(SELF) == 0; round++) {
            for (int i = 0; i < 1_000_000; i++) {
                sink += Long.toString(i + sink % 7).hashCode();
            }
        }
        assertThat(ProcStat.compilerTicks(SELF)).isPositive().isLessThanOrEqualTo(ProcStat.processTicks(SELF));
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcStat.compilerTicks(child.pid())).isZero();
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertThat(ProcStat.compilerTicks(GONE)).isZero();
    }

    @Test
    void aProcessesChildrenAreListed() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcStat.children(SELF)).contains(child.pid());
            assertThat(ProcStat.children(child.pid())).isEmpty();
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void aProcessThatIsGoneReadsAsNothing() {
        assertThat(ProcStat.processTicks(GONE)).isZero();
        assertThat(ProcStat.parentOf(GONE)).isEqualTo(-1);
        assertThat(ProcStat.rssKb(GONE)).isEqualTo(-1);
    }
}
