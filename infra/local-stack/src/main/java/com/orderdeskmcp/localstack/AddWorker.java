package com.orderdeskmcp.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code infra/run-local.sh add-worker}: one more mutation-worker process for the stack running on a
 * data folder, with the settings that stack wrote into {@code stack.env} and a log of its own
 * ({@code logs/mutation-worker-N.log}). It joins the workers' consumer group, so Kafka hands it a share of
 * the partitions. Ctrl-C stops it; so does the stack's stopping.
 */
final class AddWorker {

    /** The settings in {@code stack.env} that are about the stack, not for the worker. */
    static final String STACK_PID = "LOCAL_STACK_PID";
    static final String STACK_WORKERS = "LOCAL_STACK_WORKERS";
    static final String STACK_WORKER_JAR = "LOCAL_STACK_WORKER_JAR";
    static final String STACK_MCP_URL = "LOCAL_STACK_MCP_URL";

    private AddWorker() {
    }

    static void main(String[] args) throws Exception {
        Path data = LocalRun.dataFolder(args);
        try {
            System.exit(run(data));
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs the worker until Ctrl-C or until the stack stops; the exit status. */
    private static int run(Path data) throws Exception {
        Path settings = DataFolder.stackEnvironment(data);
        if (!Files.isRegularFile(settings)) {
            throw new IllegalStateException("no local stack is running on " + data + " (no " + settings.getFileName()
                    + "); start one with infra/run-local.sh");
        }
        Map<String, String> environment = new HashMap<>(DataFolder.readEnvironment(settings));
        Optional<ProcessHandle> stack = ProcessHandle.of(Long.parseLong(environment.remove(STACK_PID)));
        if (stack.isEmpty() || !stack.get().isAlive()) {
            throw new IllegalStateException("the local stack that wrote " + settings + " is gone; start it again");
        }
        int stackWorkers = Integer.parseInt(environment.remove(STACK_WORKERS));
        Path jar = Path.of(environment.remove(STACK_WORKER_JAR));
        String mcpUrl = environment.remove(STACK_MCP_URL);

        Path logs = DataFolder.logs(data);
        int number = DataFolder.claimWorkerNumber(logs, stackWorkers + 1, ProcessHandle.current().pid());
        Path pidFile = logs.resolve("mutation-worker-" + number + ".pid");
        Path log = logs.resolve("mutation-worker-" + number + ".log");
        DataFolder.rotate(log);
        String name = "mutation-worker-" + number;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping " + name + "...");
            AppProcess.closeAll();
            try {
                Files.deleteIfExists(pidFile);
            } catch (Exception e) {
                System.err.println("could not delete " + pidFile + ": " + e.getMessage());
            }
        }, "add-worker-shutdown"));

        System.out.println("Starting " + name + " for the stack at " + mcpUrl + "...");
        AppProcess worker = AppProcess.start(name, jar, LocalStack.APP_JVM, environment, log, LocalStack.WORKER_READY);
        worker.awaitReady(Duration.ofMinutes(2));
        System.out.println(name + " is running (pid " + worker.pid() + "); log: " + log);
        System.out.println("Press Ctrl-C to stop it (it stops with the stack, too).");

        CompletableFuture.anyOf(worker.onExit(), stack.get().onExit()).join();
        if (!worker.isAlive()) {
            System.err.println(name + " exited with " + worker.onExit().join().exitValue() + "; see " + log);
            return 1;
        }
        System.out.println("The stack stopped.");
        return 0;
    }
}
