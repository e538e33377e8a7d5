package com.orderdeskmcp.localstack;

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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One of our apps running as its own JVM, as operators run it: configured through the environment
 * (so that keys never show in a process listing), its output copied to a log file.
 */
public final class AppProcess implements AutoCloseable {

    /** Every app process not yet closed, for a launcher's shutdown hook. */
    private static final Set<AppProcess> RUNNING = ConcurrentHashMap.newKeySet();

    private final String name;
    private final Process process;
    private final Path logFile;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final Thread output;

    private AppProcess(String name, Process process, Path logFile, Pattern readyLine) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.output = Thread.ofPlatform().daemon().name(name + "-output").start(() -> copyOutput(readyLine));
        RUNNING.add(this);
    }

    /** Stops every app process this JVM started and has not stopped yet (gracefully, in parallel). */
    public static void closeAll() {
        closeAll(List.copyOf(RUNNING));
    }

    /** Stops these app processes, each gracefully, all at the same time. */
    public static void closeAll(List<AppProcess> apps) {
        List<Thread> stopping = new ArrayList<>();
        for (AppProcess app : apps) {
            stopping.add(Thread.ofPlatform().start(() -> {
                try {
                    app.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * @param jvmOptions e.g. a heap limit; the app's settings go in {@code environment}
     * @param readyLine  a line of the app's output that says it is ready to serve
     */
    public static AppProcess start(String name, Path jar, List<String> jvmOptions, Map<String, String> environment,
                                   Path logFile, Pattern readyLine) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run ./mvnw -DskipTests package)");
        }
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new AppProcess(name, builder.start(), logFile, readyLine);
    }

    /** Waits until the app said it is ready; fails early, with its last lines, if it died. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.await(200, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; "
                        + "last lines:\n" + lastLines() + "\n(full log: " + logFile + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + timeout + "; last lines:\n"
                        + lastLines() + "\n(full log: " + logFile + ")");
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes when the process has ended, for whatever reason. */
    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    public Path logFile() {
        return logFile;
    }

    /** A crash, as kill -9 would cause it: no shutdown hooks, no goodbye. */
    public void kill() throws InterruptedException {
        // Through the handle: Process.destroy* would close our end of its output, losing its last lines.
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        output.join(Duration.ofSeconds(5));
    }

    /** A graceful stop (SIGTERM), then a forced one if it takes too long. */
    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
        output.join(Duration.ofSeconds(5)); // the log ends with what it said while stopping
        RUNNING.remove(this);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    private void copyOutput(Pattern readyLine) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = out.readLine()) != null) {
                log.println(line);
                remember(line);
                if (readyLine.matcher(line).find()) {
                    ready.countDown();
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

    private synchronized String lastLines() {
        return String.join("\n", lastLines);
    }

    private static String javaExecutable() {
        // The same JDK that runs us: the apps need Java 25 like the launcher.
        return ProcessHandle.current().info().command().orElse("java");
    }
}
