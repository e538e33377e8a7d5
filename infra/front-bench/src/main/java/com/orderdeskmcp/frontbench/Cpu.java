package com.orderdeskmcp.frontbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time from /proc: mcp-front's, this harness JVM's (clients, Kafka broker, sandbox), the machine's. */
final class Cpu {

    /** Linux's USER_HZ, the unit of /proc's CPU times. */
    private static final double TICKS_PER_SECOND = 100.0;

    record Snapshot(long nanos, long frontTicks, long harnessTicks, long machineBusy, long machineTotal) {
    }

    /** Percent of one core over the window (200% = both cores of this machine). */
    record Share(double front, double harness, double other, double idle) {
    }

    private Cpu() {
    }

    static Snapshot snapshot(long frontPid) {
        long[] machine = machine();
        return new Snapshot(System.nanoTime(), processTicks(Long.toString(frontPid)),
                processTicks(Long.toString(ProcessHandle.current().pid())), machine[0], machine[1]);
    }

    static Share share(Snapshot a, Snapshot b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        int cpus = Runtime.getRuntime().availableProcessors();
        double front = (b.frontTicks() - a.frontTicks()) / TICKS_PER_SECOND / seconds * 100;
        double harness = (b.harnessTicks() - a.harnessTicks()) / TICKS_PER_SECOND / seconds * 100;
        double totalTicks = b.machineTotal() - a.machineTotal();
        double busy = totalTicks == 0 ? 0 : (b.machineBusy() - a.machineBusy()) / totalTicks * 100 * cpus;
        double other = Math.max(0, busy - front - harness);
        return new Share(front, harness, other, Math.max(0, 100.0 * cpus - busy));
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** utime + stime of a process, in ticks. */
    private static long processTicks(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime field 15.
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    /** busy and total ticks of all CPUs (busy = total - idle - iowait). */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[]{total - idle, total};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
