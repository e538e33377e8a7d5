package com.orderdeskmcp.auditbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Load average and CPU time from /proc: mcp-front's process, PostgreSQL's, and the whole machine's
 * (front-bench's {@code Cpu}, plus PostgreSQL: the harnesses are separate programs, outside the build).
 */
final class Machine {

    /** Linux's USER_HZ, the unit of /proc's CPU times. */
    private static final double TICKS_PER_SECOND = 100.0;

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
        long[] machine = machine();
        return new Snapshot(System.nanoTime(), processTicks(Long.toString(frontPid)),
                processTicks(Long.toString(ProcessHandle.current().pid())), postgresTicks(), machine[0], machine[1]);
    }

    static Share share(Snapshot a, Snapshot b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        int cpus = Runtime.getRuntime().availableProcessors();
        double front = (b.frontTicks() - a.frontTicks()) / TICKS_PER_SECOND / seconds * 100;
        double harness = (b.harnessTicks() - a.harnessTicks()) / TICKS_PER_SECOND / seconds * 100;
        double postgres = Math.max(0, b.postgresTicks() - a.postgresTicks()) / TICKS_PER_SECOND / seconds * 100;
        double totalTicks = b.machineTotal() - a.machineTotal();
        double busy = totalTicks == 0 ? 0 : (b.machineBusy() - a.machineBusy()) / totalTicks * 100 * cpus;
        double other = Math.max(0, busy - front - harness - postgres);
        return new Share(front, harness, postgres, other, Math.max(0, 100.0 * cpus - busy));
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

    /** Waits until the 1-minute load average is below {@code max} (the machine is shared), at most {@code maxWaitSeconds}. */
    static double awaitQuiet(double max, long maxWaitSeconds, java.io.PrintStream out) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
        double load = loadAverage();
        boolean told = false;
        while (load >= max && System.nanoTime() < deadline) {
            if (!told) {
                out.printf("  waiting for the load average (%.2f) to drop below %.2f%n", load, max);
                told = true;
            }
            Thread.sleep(5000);
            load = loadAverage();
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
        long ticks = processTicks(Long.toString(pid), true);
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[1]) == pid) {
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            return ticks;
        }
        return ticks;
    }

    private static long processTicks(String pid, boolean withExitedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return withExitedChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime of a process, in ticks. */
    private static long processTicks(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
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
