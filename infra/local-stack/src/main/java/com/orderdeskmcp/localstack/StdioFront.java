package com.orderdeskmcp.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code infra/run-local.sh stdio}: MCP over stdin/stdout for the stack running on a data folder, as
 * tenant {@code demo}; what a stdio client (Claude Desktop, an IDE) starts. It runs {@code mcp-front
 * --stdio} with the settings that stack wrote into {@code front.env} and the demo token from the
 * folder's secrets. Stdout belongs to the protocol: everything this launcher says goes to stderr.
 */
final class StdioFront {

    static final String FRONT_JAR = "LOCAL_STACK_FRONT_JAR";

    private StdioFront() {
    }

    static void main(String[] args) throws Exception {
        Path folder = LocalRun.dataFolder(args);
        Path settings = DataFolder.frontEnvironment(folder);
        if (!Files.isRegularFile(settings)) {
            System.err.println("error: no local stack is running on " + folder + "; start one with infra/run-local.sh");
            System.exit(1);
        }
        Map<String, String> environment = new HashMap<>(DataFolder.readEnvironment(settings));
        Path jar = Path.of(environment.remove(FRONT_JAR));
        Optional<String> token = StackSecrets.in(DataFolder.secrets(folder)).token(LocalStack.TENANT);
        if (token.isEmpty()) {
            System.err.println("error: no token of tenant " + LocalStack.TENANT + " in " + folder);
            System.exit(1);
        }
        environment.put("FRONT_STDIO_TOKEN", token.get());

        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(LocalStack.APP_JVM);
        command.addAll(List.of("-jar", jar.toString(), "--stdio"));
        ProcessBuilder front = new ProcessBuilder(command).inheritIO();
        front.environment().putAll(environment);
        Process process = front.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stdio-front-shutdown"));
        System.exit(process.waitFor());
    }
}
