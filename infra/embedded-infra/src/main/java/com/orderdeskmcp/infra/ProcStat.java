package com.orderdeskmcp.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time, memory and load from Linux's {@code /proc}: what the benchmark harnesses read about the
 * processes they start (one copy for all of them).
 */
public final class ProcStat {

    /** Linux's USER_HZ, the unit of /proc's CPU times. */
    public static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {
    }

    /** utime + stime of a process, in ticks; 0 if it is gone. */
    public static long processTicks(long pid) {
        return processTicks(pid, false);
    }

    /**
     * utime + stime of a process, in ticks, plus cutime + cstime (its children that exited) when
     * asked; 0 if it is gone.
     */
    public static long processTicks(long pid, boolean withExitedChildren) {
        String[] fields = statFields(pid);
        if (fields == null) {
            return 0;
        }
        // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
        long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return withExitedChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
    }

    /**
     * utime + stime of a JVM's JIT compiler threads (HotSpot names them {@code C1 CompilerThreadN} and
     * {@code C2 CompilerThreadN}; Linux keeps 15 characters), in ticks; 0 if it is gone or not a JVM.
     * A window in which they are busy measures a JVM still warming up, not its steady state.
     */
    public static long compilerTicks(long pid) {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        String[] fields = fieldsAfterName(stat);
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }

    /** The parent of a process, or -1 if it is gone. */
    public static long parentOf(long pid) {
        String[] fields = statFields(pid);
        return fields == null ? -1 : Long.parseLong(fields[1]);
    }

    /** The live children of a process (for a PostgreSQL postmaster: its backends); none without /proc. */
    public static List<Long> children(long parent) {
        List<Long> children = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).filter(pid -> parentOf(pid) == parent).forEach(children::add);
        } catch (IOException e) {
            // no /proc: no children to account for
        }
        return children;
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name (fields[0] is field 3); null if gone. */
    private static String[] statFields(long pid) {
        try {
            return fieldsAfterName(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A stat line's fields after the command name, which may itself hold spaces and parentheses. */
    private static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** Busy and total ticks of all CPUs (busy = total - idle - iowait). */
    public static long[] machineTicks() {
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

    /** The 1-minute load average. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resident memory of a process in KiB, or -1 if it is gone. */
    public static long rssKb(long pid) {
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
}
