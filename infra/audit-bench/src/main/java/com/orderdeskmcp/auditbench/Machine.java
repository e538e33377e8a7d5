package com.orderdeskmcp.auditbench;

import com.orderdeskmcp.infra.ProcStat;

/**
 * Load average and CPU time from /proc ({@link ProcStat}): mcp-front's process, PostgreSQL's, and
 * the whole machine's.
 */
final class Machine {

    record Snapshot(long nanos, long frontTicks, long harnessTicks, long postgresTicks, long machineBusy,
                    long machineTotal) {
    }

    /** Percent of one core over a window (200% = both cores). */
    record Share(double front, double harness, double postgres, double other, double idle) {
        @Override
        public String toString() {
            return String.format("front %.0f%% / PostgreSQL %.0f%% / harness %.0f%% / other processes %.0f%% / idle %.0f%%",
                    front, postgres, harness, other, idle);
        }
    }

    /** The PostgreSQL server's processes: the postmaster and its children (backends, writers). */
    private static volatile long postmaster = -1;

    static void postmaster(long pid) {
        postmaster = pid;
    }

    private Machine() {
    }

    static Snapshot snapshot(long frontPid) {
        long[] machine = ProcStat.machineTicks();
        return new Snapshot(System.nanoTime(), ProcStat.processTicks(frontPid),
                ProcStat.processTicks(ProcessHandle.current().pid()), postgresTicks(), machine[0], machine[1]);
    }

    static Share share(Snapshot a, Snapshot b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        int cpus = Runtime.getRuntime().availableProcessors();
        double front = (b.frontTicks() - a.frontTicks()) / ProcStat.TICKS_PER_SECOND / seconds * 100;
        double harness = (b.harnessTicks() - a.harnessTicks()) / ProcStat.TICKS_PER_SECOND / seconds * 100;
        double postgres = Math.max(0, b.postgresTicks() - a.postgresTicks()) / ProcStat.TICKS_PER_SECOND / seconds * 100;
        double totalTicks = b.machineTotal() - a.machineTotal();
        double busy = totalTicks == 0 ? 0 : (b.machineBusy() - a.machineBusy()) / totalTicks * 100 * cpus;
        double other = Math.max(0, busy - front - harness - postgres);
        return new Share(front, harness, postgres, other, Math.max(0, 100.0 * cpus - busy));
    }


    /** Waits until the 1-minute load average is below {@code max} (the machine is shared), at most {@code maxWaitSeconds}. */
    static double awaitQuiet(double max, long maxWaitSeconds, java.io.PrintStream out) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
        double load = ProcStat.loadAverage();
        boolean told = false;
        while (load >= max && System.nanoTime() < deadline) {
            if (!told) {
                out.printf("  waiting for the load average (%.2f) to drop below %.2f%n", load, max);
                told = true;
            }
            Thread.sleep(5000);
            load = ProcStat.loadAverage();
        }
        if (load >= max) {
            out.printf("  load still %.2f after %d s: measuring anyway (marked)%n", load, maxWaitSeconds);
        }
        return load;
    }

    /**
     * CPU ticks of the postmaster and its children, those that exited included (cutime, cstime):
     * a backend's time counts even after its connection closed.
     */
    private static long postgresTicks() {
        long pid = postmaster;
        if (pid <= 0) {
            return 0;
        }
        long ticks = ProcStat.processTicks(pid, true);
        for (long child : ProcStat.children(pid)) {
            ticks += ProcStat.processTicks(child);
        }
        return ticks;
    }
}
