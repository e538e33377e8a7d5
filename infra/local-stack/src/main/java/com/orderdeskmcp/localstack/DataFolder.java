package com.orderdeskmcp.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The one folder a local run keeps everything in, and the lock that keeps a second stack out of it:
 * <pre>
 *   postgres/            PostgreSQL's data directory (tenants, tokens, stores, accepted mutations, event store)
 *   kafka/               the broker's log directory (topics, records, committed offsets; the KRaft cluster id)
 *   logs/                one log per process: mcp-front.log, mutation-worker-N.log (the previous run's as .1)
 *   secrets.properties   key-encryption key, sandbox store keys, tokens (0600)
 *   vault.keys           the key-encryption key again, as ORDERDESK_VAULT_KEY_FILE reads it (0600)
 *   stack.env            while a stack runs: its workers' settings, for add-worker (0600)
 *   front.env            while a stack runs: the front's settings, for a stdio client (0600)
 *   processes            while a stack runs: its apps' pids, for the next run should this one be killed
 * </pre>
 */
final class DataFolder implements AutoCloseable {

    /** Says "this folder is ours": {@code --reset} deletes nothing in a folder without it. */
    private static final String MARKER = ".orderdesk-local-stack";
    private static final String LOCK = "stack.lock";
    private static final String PROCESSES = "processes";

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataFolder(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (and creates) the folder for a stack, wiping it first when {@code reset}.
     *
     * @throws IllegalStateException when another stack runs on it, or it is a non-empty folder that a
     *     local stack did not make
     */
    static DataFolder open(Path folder, boolean reset) {
        Path root = folder.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            try (Stream<Path> entries = Files.list(root)) {
                if (!Files.exists(root.resolve(MARKER)) && entries.findAny().isPresent()) {
                    throw new IllegalStateException(root + " is not empty and was not made by the local stack; "
                            + "choose another --data folder");
                }
            }
            Files.writeString(root.resolve(MARKER), "Data of the OrderDesk MCP local stack (infra/run-local.sh).\n");
            FileChannel channel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another local stack is running on " + root
                        + " (stop it first, or choose another --data folder)");
            }
            DataFolder data = new DataFolder(root, channel, lock);
            data.stopLeftovers();
            if (reset) {
                data.wipe();
            }
            Files.createDirectories(data.logs());
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data folder " + root, e);
        }
    }

    Path root() {
        return root;
    }

    Path postgres() {
        return root.resolve("postgres");
    }

    Path kafka() {
        return root.resolve("kafka");
    }

    Path logs() {
        return logs(root);
    }

    static Path logs(Path root) {
        return root.resolve("logs");
    }

    Path secrets() {
        return secrets(root);
    }

    static Path secrets(Path root) {
        return root.resolve("secrets.properties");
    }

    Path vaultKeyFile() {
        return root.resolve("vault.keys");
    }

    Path stackEnvironment() {
        return stackEnvironment(root);
    }

    static Path stackEnvironment(Path root) {
        return root.resolve("stack.env");
    }

    Path frontEnvironment() {
        return frontEnvironment(root);
    }

    static Path frontEnvironment(Path root) {
        return root.resolve("front.env");
    }

    /** Whether PostgreSQL has data here from an earlier run (else there is nothing to resume). */
    boolean hasDatabase() {
        return Files.isRegularFile(postgres().resolve("PG_VERSION"));
    }

    /** Notes the apps a run started, so that the next run can stop them should this one be killed (kill -9). */
    void recordProcesses(List<ProcessHandle> processes) {
        StringBuilder text = new StringBuilder();
        for (ProcessHandle process : processes) {
            text.append(process.pid()).append(' ')
                    .append(process.info().startInstant().map(Instant::toEpochMilli).orElse(0L)).append('\n');
        }
        writePrivate(root.resolve(PROCESSES), text.toString());
    }

    /**
     * What a run that was killed (no shutdown hook) left running here: its apps, then its PostgreSQL
     * server, which would keep the data directory locked. A run that stopped normally leaves nothing.
     */
    private void stopLeftovers() throws IOException {
        Path processes = root.resolve(PROCESSES);
        if (Files.isRegularFile(processes)) {
            List<ProcessHandle> apps = new ArrayList<>();
            for (String line : Files.readAllLines(processes)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] pidAndStart = line.strip().split(" ");
                ProcessHandle.of(Long.parseLong(pidAndStart[0]))
                        .filter(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(0L)
                                == Long.parseLong(pidAndStart[1])) // not a recycled pid
                        .ifPresent(apps::add);
            }
            stop(apps);
            Files.delete(processes);
        }
        Path postmaster = postgres().resolve("postmaster.pid");
        if (Files.isRegularFile(postmaster)) {
            List<String> lines = Files.readAllLines(postmaster);
            if (!lines.isEmpty() && lines.getFirst().strip().matches("\\d+")) {
                stop(ProcessHandle.of(Long.parseLong(lines.getFirst().strip()))
                        .filter(p -> p.info().command().orElse("").endsWith("postgres")).stream().toList());
            }
        }
    }

    private static void stop(List<ProcessHandle> processes) {
        for (ProcessHandle process : processes) {
            System.out.println("Stopping pid " + process.pid() + ", left running by an earlier run that was killed");
            process.destroy();
        }
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // gone anyway
            }
        }
    }

    /** Deletes everything but the marker and the lock. */
    void wipe() {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.equals(MARKER) && !name.equals(LOCK)) {
                    deleteRecursively(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + root, e);
        }
    }

    /** After a normal stop: nothing is left to stop. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(root.resolve(PROCESSES));
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }

    /** Writes a file only its owner can read, replacing it atomically (never a moment with wider rights). */
    static void writePrivate(Path file, String content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** {@code KEY=VALUE} lines, as {@link #readEnvironment} reads them back. */
    static void writeEnvironment(Path file, Map<String, String> environment) {
        StringBuilder text = new StringBuilder("# Written by the running local stack for add-worker; deleted when it stops.\n");
        environment.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> text.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        writePrivate(file, text.toString());
    }

    static Map<String, String> readEnvironment(Path file) {
        Map<String, String> environment = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    environment.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return environment;
    }

    /** Moves last run's log aside ({@code NAME.1}), so that each file holds one run. */
    static void rotate(Path log) {
        try {
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate " + log, e);
        }
    }

    /**
     * Claims worker number {@code n} or the first higher one that no live process holds, by a pid file
     * in the logs folder; the caller deletes it when its worker stops.
     */
    static int claimWorkerNumber(Path logs, int from, long pid) {
        for (int n = from; ; n++) {
            Path pidFile = logs.resolve("mutation-worker-" + n + ".pid");
            try {
                Files.writeString(pidFile, Long.toString(pid), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return n;
            } catch (FileAlreadyExistsException e) {
                if (!holderAlive(pidFile) && deleted(pidFile)) {
                    n--; // a worker that died without cleaning up: its number is free again
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + pidFile, e);
            }
        }
    }

    private static boolean deleted(Path file) {
        try {
            Files.deleteIfExists(file);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean holderAlive(Path pidFile) {
        try {
            String pid = Files.readString(pidFile).strip();
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
