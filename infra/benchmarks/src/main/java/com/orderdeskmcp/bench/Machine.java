package com.orderdeskmcp.bench;

import com.orderdeskmcp.infra.ProcStat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the machine is doing, from /proc (Linux): the load average, and who used the CPU during a
 * measurement. Other people build and test on this machine, so every figure is printed with the
 * share of the CPU that processes other than ours took while it was measured ("foreign").
 */
final class Machine {

    private Machine() {
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    static double loadAverage1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Waits while the 1-minute load average is above {@code maxLoad} (someone else is building), at
     * most {@code timeout}; says what it saw.
     *
     * @return the load average when it stopped waiting
     */
    static String waitUntilQuiet(double maxLoad, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean said = false;
        while (loadAverage1() > maxLoad && System.nanoTime() < deadline) {
            if (!said) {
                System.out.printf("  waiting for a quiet machine: load average %s is above %.2f (at most %s)%n",
                        loadAverage(), maxLoad, Table.duration(timeout));
                said = true;
            }
            Thread.sleep(5_000);
        }
        if (loadAverage1() > maxLoad) {
            System.out.printf("  the machine did not get quiet (load average %s); measuring anyway%n", loadAverage());
        } else if (said) {
            System.out.printf("  quiet now: load average %s%n", loadAverage());
        }
        return loadAverage();
    }

    /**
     * CPU ticks per group of our processes (and of it, in their JIT compiler threads), the whole
     * machine's busy time, and wall time.
     */
    record CpuSnapshot(long nanos, long machineBusy, long machineIrq, Map<String, Long> ours, Map<String, Long> jit) {
    }

    /**
     * Who used the CPU between two snapshots.
     *
     * @param wallSeconds    elapsed time
     * @param machineBusy    CPU-seconds the whole machine was busy (all cores)
     * @param irqSeconds     CPU-seconds in interrupt and softirq context (loopback TCP is processed
     *                       there, mostly for our own traffic; no process is charged for it)
     * @param ours           CPU-seconds per group of our processes
     * @param jit            of those, CPU-seconds in the JVMs' JIT compiler threads: a JVM still
     *                       compiling is still warming up
     * @param foreignSeconds CPU-seconds of everyone else (other builds and tests)
     */
    record CpuUse(double wallSeconds, double machineBusy, double irqSeconds, Map<String, Double> ours,
                  Map<String, Double> jit, double foreignSeconds) {

        /** Busy share of the whole machine, 0..1. */
        double machineShare() {
            return machineBusy / (wallSeconds * cores());
        }

        double foreignShare() {
            return Math.max(0, foreignSeconds) / (wallSeconds * cores());
        }

        String describe(long units, String unit) {
            StringBuilder text = new StringBuilder();
            text.append(String.format(Locale.ROOT, "machine %.0f%% busy (softirq %.0f%%), other processes %.0f%%",
                    100 * machineShare(), 100 * irqSeconds / (wallSeconds * cores()), 100 * foreignShare()));
            if (units > 0) {
                text.append("; CPU ms per ").append(unit).append(':');
                ours.forEach((group, seconds) -> {
                    text.append(String.format(Locale.ROOT, " %s %.2f", group, seconds * 1000 / units));
                    double compiling = jit.getOrDefault(group, 0.0);
                    if (compiling > 0) {
                        text.append(String.format(Locale.ROOT, " (JIT %.2f)", compiling * 1000 / units));
                    }
                });
            }
            return text.toString();
        }
    }

    /** Processes to account for, named by group; re-evaluated at each snapshot (PostgreSQL backends come and go). */
    static CpuSnapshot snapshot(Map<String, Supplier<List<ProcessCpu>>> groups) {
        long[] machine = machineTicks();
        Map<String, Long> ours = new LinkedHashMap<>();
        Map<String, Long> jit = new LinkedHashMap<>();
        groups.forEach((name, processes) -> {
            List<ProcessCpu> members = processes.get();
            ours.put(name, members.stream().mapToLong(ProcessCpu::ticks).sum());
            jit.put(name, members.stream().mapToLong(ProcessCpu::compilerTicks).sum());
        });
        return new CpuSnapshot(System.nanoTime(), machine[0], machine[1], ours, jit);
    }

    static CpuUse between(CpuSnapshot from, CpuSnapshot to) {
        double wall = (to.nanos() - from.nanos()) / 1e9;
        double busy = (to.machineBusy() - from.machineBusy()) / ProcStat.TICKS_PER_SECOND;
        double irq = (to.machineIrq() - from.machineIrq()) / ProcStat.TICKS_PER_SECOND;
        Map<String, Double> ours = seconds(from.ours(), to.ours());
        double sum = ours.values().stream().mapToDouble(Double::doubleValue).sum();
        return new CpuUse(wall, busy, irq, ours, seconds(from.jit(), to.jit()), busy - irq - sum);
    }

    private static Map<String, Double> seconds(Map<String, Long> from, Map<String, Long> to) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        to.forEach((group, ticks) -> seconds.put(group,
                Math.max(0, ticks - from.getOrDefault(group, 0L)) / ProcStat.TICKS_PER_SECOND));
        return seconds;
    }

    /** The CPU ticks of one process (and, with {@code withReaped}, of its children that ended). */
    record ProcessCpu(long pid, boolean withReaped) {
        long ticks() {
            return ProcStat.processTicks(pid, withReaped);
        }

        long compilerTicks() {
            return ProcStat.compilerTicks(pid);
        }
    }

    /** A process and its live children: a PostgreSQL postmaster and its backends (reaped ones included). */
    static List<ProcessCpu> withChildren(long parent) {
        List<ProcessCpu> result = new ArrayList<>();
        result.add(new ProcessCpu(parent, true));
        ProcStat.children(parent).forEach(pid -> result.add(new ProcessCpu(pid, false)));
        return result;
    }

    /** [busy, irq + softirq] ticks of all cores, from the first line of /proc/stat. */
    private static long[] machineTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] parts = cpu.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            long irq = 0;
            // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
            for (int i = 1; i <= 8 && i < parts.length; i++) {
                long value = Long.parseLong(parts[i]);
                total += value;
                if (i == 4 || i == 5) {
                    idle += value;
                }
                if (i == 6 || i == 7) {
                    irq += value;
                }
            }
            return new long[]{total - idle, irq};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }

    /** Peak resident memory of a process (VmHWM), in MiB, or -1. */
    static double peakRssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }
}
