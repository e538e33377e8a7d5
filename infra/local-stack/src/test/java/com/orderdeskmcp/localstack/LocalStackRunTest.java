package com.orderdeskmcp.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.orderdeskmcp.localstack.McpSurfaceEndToEndTest.call;
import static com.orderdeskmcp.localstack.McpSurfaceEndToEndTest.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The README's run command as a user runs it, as a process of its own: two workers and two stores
 * in one data folder; one more worker by {@code add-worker}; Ctrl-C (SIGTERM) leaves no process
 * behind; the next run on the folder resumes it (token, stores, mutation history, topics and
 * offsets); {@code --reset} starts afresh.
 */
class LocalStackRunTest {

    private static final Path ROOT = Path.of(System.getProperty("orderdesk.repository-root", "../.."))
            .toAbsolutePath().normalize();
    private static final String WORKER_GROUP = "orderdesk-mutation-worker";
    private static final String COMMANDS = "orderdesk.mutation-commands.v1";
    private static final Duration START = Duration.ofMinutes(3);

    @TempDir
    Path data;

    @Test
    void workersAndStoresInOneFolderThatTheNextRunResumesAndResetEmpties() throws Exception {
        String token;
        String mutationId;
        CompletableFuture<HttpResponse<InputStream>> listening;
        Map<String, String> secretsOfTheRun;
        try (Launched run = Launched.stack("first", "--workers", "2", "--stores", "2", "--data", data.toString(),
                "--port", "0")) {
            token = run.token();
            Map<String, String> settings = DataFolder.readEnvironment(data.resolve("stack.env"));
            for (String privateFile : List.of("stack.env", "front.env", "secrets.properties", "vault.keys")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(privateFile))))
                        .as(privateFile).isEqualTo("rw-------");
            }
            secretsOfTheRun = secrets();
            assertThat(run.output()).as("the console shows no key").doesNotContain(secretsOfTheRun.values());
            assertThat(data.resolve("logs/mcp-front.log")).exists();

            try (Admin kafka = admin(settings)) {
                await().atMost(Duration.ofMinutes(1)).until(() -> members(kafka) == 2);
            }
            try (McpSyncClient agent = McpClients.connect(run.mcpUrl(), token)) {
                assertThat(storeIds(agent)).containsExactly("1001", "1002");
                String orderId = orderIds(agent, "1002", 1).getFirst();
                JsonNode updated = ok(call(agent, "orders_update", Map.of("store", "1002", "order_id", orderId,
                        "changes", Map.of("shipping_method", "Resumed Express"))));
                assertThat(updated.path("status").asText()).isEqualTo("applied");
                assertThat(updated.at("/order/shipping_method").asText()).isEqualTo("Resumed Express");
                mutationId = updated.path("mutation_id").asText();

                // One more worker, by the documented command: it joins the group and carries out mutations.
                Path addedLog = data.resolve("logs/mutation-worker-3.log");
                try (Launched added = Launched.addWorker("add-worker", "--data", data.toString());
                     Admin kafka = admin(settings)) {
                    await().atMost(START).until(() -> added.output().contains("mutation-worker-3 is running"));
                    await().atMost(Duration.ofMinutes(1)).until(() -> members(kafka) == 3);
                    await().atMost(Duration.ofMinutes(1)).until(() -> Files.readString(addedLog)
                            .contains("assigned [" + COMMANDS + "-"));
                    for (String order : orderIds(agent, "1001", 12)) {
                        assertThat(ok(call(agent, "orders_update", Map.of("store", "1001", "order_id", order,
                                "changes", Map.of("shipping_method", "Third Worker")))).path("status").asText())
                                .isEqualTo("applied");
                    }
                    assertThat(Files.readString(addedLog)).contains(" ended: ");
                    assertThat(added.output()).doesNotContain(secretsOfTheRun.values());
                }
                assertThat(data.resolve("logs/mutation-worker-3.pid")).doesNotExist();
            }

            // A stdio client's command: MCP over stdin/stdout for the running stack, as tenant demo.
            ServerParameters stdioCommand = ServerParameters.builder(ProcessHandle.current().info().command()
                            .orElse("java"))
                    .args("-Xmx128m", "-cp", System.getProperty("java.class.path"), LocalStack.class.getName(),
                            "stdio", "--data", data.toString())
                    .env(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin"))).build();
            McpSyncClient stdio = McpClient.sync(new StdioClientTransport(stdioCommand, McpJsonDefaults.getMapper()))
                    .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(90)).build();
            try {
                stdio.initialize();
                assertThat(storeIds(stdio)).containsExactly("1001", "1002");
                JsonNode status = ok(call(stdio, "mutations_get", Map.of("mutation_id", mutationId)));
                assertThat(status.at("/mutation/status").asText()).isEqualTo("applied");
            } finally {
                stdio.closeGracefully();
            }
            // An agent still listening when the stack stops: the front ends its stream rather than wait
            // out the shutdown phase for it (below: the logs say the graceful shutdown completed).
            listening = McpClients.listeningStream(run.mcpUrl(), token);
        }
        HttpResponse<InputStream> ended = listening.get(30, TimeUnit.SECONDS);
        assertThat(ended.statusCode()).isEqualTo(200);
        ended.body().readAllBytes(); // returns once the front has ended the stream; throws if it was cut off
        assertThat(data.resolve("stack.env")).as("removed when the stack stops").doesNotExist();
        assertThat(data.resolve("front.env")).as("removed when the stack stops").doesNotExist();
        assertThat(data.resolve("postgres/postmaster.pid")).as("PostgreSQL stopped").doesNotExist();
        // Stopped in order: the apps first, while PostgreSQL and Kafka still answered them.
        try (var logs = Files.list(data.resolve("logs"))) {
            List<Path> appLogs = logs.filter(p -> p.getFileName().toString().matches("(mcp-front|mutation-worker-\\d+)\\.log"))
                    .toList();
            assertThat(appLogs).hasSizeGreaterThanOrEqualTo(2);
            for (Path log : appLogs) {
                assertThat(Files.readString(log)).as(log.toString())
                        .doesNotContain("This connection has been closed")
                        .doesNotContain("Connection refused")
                        .doesNotContain("did not stop cleanly")
                        .doesNotContain("aborted with one or more requests still active")
                        .doesNotContain("still running after timeout");
            }
        }

        try (Launched run = Launched.stack("resumed", "--data", data.toString(), "--port", "0")) {
            assertThat(run.output()).contains("(resumed)");
            assertThat(run.token()).isEqualTo(token);
            try (McpSyncClient agent = McpClients.connect(run.mcpUrl(), token)) {
                assertThat(storeIds(agent)).containsExactly("1001", "1002");
                JsonNode status = ok(call(agent, "mutations_get", Map.of("mutation_id", mutationId)));
                assertThat(status.at("/mutation/status").asText()).isEqualTo("applied");
            }
            try (Admin kafka = admin(DataFolder.readEnvironment(data.resolve("stack.env")))) {
                assertThat(kafka.listTopics().names().get(30, TimeUnit.SECONDS)).contains(COMMANDS);
                Map<TopicPartition, ?> offsets = kafka.listConsumerGroupOffsets(WORKER_GROUP)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                assertThat(offsets).as("the workers' committed offsets survived").isNotEmpty();
            }
        }

        try (Launched run = Launched.stack("reset", "--reset", "--data", data.toString(), "--port", "0")) {
            assertThat(run.output()).contains("(new)");
            assertThat(run.token()).isNotEqualTo(token);
            assertThatThrownBy(() -> McpClients.connect(run.mcpUrl(), token).close()).as("the old token is gone").isNotNull();
            try (McpSyncClient agent = McpClients.connect(run.mcpUrl(), run.token())) {
                assertThat(storeIds(agent)).containsExactly("1001");
                assertThat(call(agent, "mutations_get", Map.of("mutation_id", mutationId)).isError()).isTrue();
            }
            assertThat(secrets().get("store.1.api-key")).isNotEqualTo(secretsOfTheRun.get("store.1.api-key"));
        }
    }

    /** What must never reach the console: API keys, the key-encryption key, the operator token. */
    private Map<String, String> secrets() throws IOException {
        java.util.Properties properties = new java.util.Properties();
        try (var in = Files.newBufferedReader(data.resolve("secrets.properties"))) {
            properties.load(in);
        }
        Map<String, String> secrets = new java.util.HashMap<>();
        properties.stringPropertyNames().stream()
                .filter(name -> name.equals("token.operators") || name.endsWith("api-key") || name.equals("vault.keys"))
                .forEach(name -> secrets.put(name, properties.getProperty(name)));
        secrets.put("vault.key", properties.getProperty("vault.keys").substring("local1:".length()));
        return secrets;
    }

    private static List<String> storeIds(McpSyncClient agent) {
        List<String> ids = new ArrayList<>();
        ok(call(agent, "stores_list", Map.of())).path("stores").forEach(s -> ids.add(s.path("store_id").asText()));
        return ids;
    }

    private static List<String> orderIds(McpSyncClient agent, String store, int count) {
        List<String> ids = new ArrayList<>();
        ok(call(agent, "orders_list", Map.of("store", store, "limit", count))).path("orders")
                .forEach(o -> ids.add(o.path("id").asText()));
        assertThat(ids).hasSize(count);
        return ids;
    }

    private static int members(Admin kafka) throws Exception {
        ConsumerGroupDescription group = kafka.describeConsumerGroups(List.of(WORKER_GROUP)).all()
                .get(30, TimeUnit.SECONDS).get(WORKER_GROUP);
        return group.members().size();
    }

    private static Admin admin(Map<String, String> stackSettings) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stackSettings.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")));
    }

    /** {@code java -cp ... LocalStack ARGS} from the repository root, as run-local.sh runs the jar. */
    private static final class Launched implements AutoCloseable {

        private static final Pattern ENDPOINT = Pattern.compile("^MCP endpoint: (\\S+)$", Pattern.MULTILINE);
        private static final Pattern TOKEN = Pattern.compile("^MCP token: (\\S+)$", Pattern.MULTILINE);

        private final Process process;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        private Launched(String name, List<String> args) throws IOException {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m", "--sun-misc-unsafe-memory-access=allow",
                    "-cp", System.getProperty("java.class.path"), LocalStack.class.getName()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
            builder.environment().remove("LOCAL_STACK_CALLER_DIR");
            process = builder.start();
            Path copy = Files.createDirectories(ROOT.resolve("infra/local-stack/target/local-stack-run"))
                    .resolve(name + ".out");
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                     PrintWriter file = new PrintWriter(Files.newBufferedWriter(copy), true)) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(line);
                        file.println(line);
                    }
                } catch (IOException e) {
                    lines.add("(output lost: " + e.getMessage() + ")");
                }
            });
        }

        static Launched stack(String name, String... args) throws IOException {
            Launched launched = new Launched(name, List.of(args));
            await().atMost(START).until(() -> {
                if (!launched.process.isAlive()) {
                    throw new AssertionError("the stack exited: " + launched.output());
                }
                return TOKEN.matcher(launched.output()).find();
            });
            return launched;
        }

        static Launched addWorker(String name, String... args) throws IOException {
            List<String> all = new ArrayList<>(List.of("add-worker"));
            all.addAll(List.of(args));
            return new Launched(name, all);
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        String mcpUrl() {
            return group(ENDPOINT);
        }

        String token() {
            return group(TOKEN);
        }

        private String group(Pattern pattern) {
            Matcher m = pattern.matcher(output());
            assertThat(m.find()).as(output()).isTrue();
            return m.group(1);
        }

        /** Ctrl-C, as far as the JVM can tell (SIGTERM runs the same shutdown hooks); nothing may stay behind. */
        @Override
        public void close() throws Exception {
            List<ProcessHandle> children = process.descendants().toList();
            process.toHandle().destroy(); // unlike Process.destroy, keeps reading what it says while stopping
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("stopped: " + output()).isTrue();
            assertThat(children).as("every child process stopped").noneMatch(ProcessHandle::isAlive);
            await().atMost(Duration.ofSeconds(10)).until(() -> output().contains("Stopping"));
        }
    }
}
