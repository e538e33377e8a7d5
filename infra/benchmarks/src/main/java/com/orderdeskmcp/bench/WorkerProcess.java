package com.orderdeskmcp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One mutation-worker as operators run it: its own JVM from the executable jar, configured through
 * environment variables, its output copied to a log file. (The same idea as local-stack's
 * {@code AppProcess}; that module's installed artifact is a repackaged Spring Boot jar, so its
 * classes cannot be used from here.)
 */
final class WorkerProcess implements AutoCloseable {

    private static final String READY = "Started WorkerApplication";

    private final String name;
    private final Process process;
    private final Path log;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final AtomicLong errorLines = new AtomicLong();
    private final AtomicLong outOfMemory = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();
    private volatile long lastCpuTicks;

    private WorkerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread.ofPlatform().daemon().name(name + "-output").start(this::copyOutput);
    }

    static WorkerProcess start(String name, Path jar, List<String> jvmOptions, Map<String, String> environment,
                               Path log) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new WorkerProcess(name, builder.start(), log);
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.await(200, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " before it was ready; last lines:\n" + lastLines() + "\n(log: " + log + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + timeout + "; last lines:\n"
                        + lastLines() + "\n(log: " + log + ")");
            }
        }
    }

    String name() {
        return name;
    }

    /** When the process started (to place the GC log's uptime stamps in time). */
    java.time.Instant startInstant() {
        return process.info().startInstant().orElse(java.time.Instant.now());
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Lines at WARN or ERROR level the worker printed so far. */
    long problemLines() {
        return errorLines.get();
    }

    /** Mutations this worker logged as ended (one line each). */
    long endedMutations() {
        return ended.get();
    }

    long outOfMemoryErrors() {
        return outOfMemory.get();
    }

    double peakRssMiB() {
        return Machine.peakRssMiB(process.pid());
    }

    /** CPU ticks so far; the last value read is kept, so that it can be read once the process is gone. */
    long cpuTicks() {
        long ticks = new Machine.ProcessCpu(process.pid(), false).ticks();
        if (ticks > 0) {
            lastCpuTicks = ticks;
        }
        return lastCpuTicks;
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (the worker hands its partitions back), then SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private void copyOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = out.readLine()) != null) {
                file.println(line);
                remember(line);
                if (line.contains(READY)) {
                    ready.countDown();
                }
                if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                    errorLines.incrementAndGet();
                }
                if (line.contains(" ended: ")) {
                    ended.incrementAndGet();
                }
                if (line.contains("OutOfMemoryError")) {
                    outOfMemory.incrementAndGet();
                }
            }
        } catch (IOException e) {
            remember("(output of " + name + " could not be read: " + e.getMessage() + ")");
        }
    }

    private synchronized void remember(String line) {
        lastLines.addLast(line);
        if (lastLines.size() > 40) {
            lastLines.removeFirst();
        }
    }

    synchronized String lastLines() {
        return String.join("\n", lastLines);
    }
}
