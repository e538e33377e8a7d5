package com.orderdeskmcp.frontbench;

import com.orderdeskmcp.infra.ProcStat;

/** CPU time from /proc: mcp-front's, this harness JVM's (clients, Kafka broker, sandbox), the machine's. */
final class Cpu {

    record Snapshot(long nanos, long frontTicks, long harnessTicks, long machineBusy, long machineTotal) {
    }

    /** Percent of one core over the window (200% = both cores of this machine). */
    record Share(double front, double harness, double other, double idle) {
    }

    private Cpu() {
    }

    static Snapshot snapshot(long frontPid) {
        long[] machine = ProcStat.machineTicks();
        return new Snapshot(System.nanoTime(), ProcStat.processTicks(frontPid),
                ProcStat.processTicks(ProcessHandle.current().pid()), machine[0], machine[1]);
    }

    static Share share(Snapshot a, Snapshot b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        int cpus = Runtime.getRuntime().availableProcessors();
        double front = (b.frontTicks() - a.frontTicks()) / ProcStat.TICKS_PER_SECOND / seconds * 100;
        double harness = (b.harnessTicks() - a.harnessTicks()) / ProcStat.TICKS_PER_SECOND / seconds * 100;
        double totalTicks = b.machineTotal() - a.machineTotal();
        double busy = totalTicks == 0 ? 0 : (b.machineBusy() - a.machineBusy()) / totalTicks * 100 * cpus;
        double other = Math.max(0, busy - front - harness);
        return new Share(front, harness, other, Math.max(0, 100.0 * cpus - busy));
    }
}
