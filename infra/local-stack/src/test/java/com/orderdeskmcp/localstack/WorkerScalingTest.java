package com.orderdeskmcp.localstack;

import com.orderdeskmcp.infra.InfrastructureExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.infra.TestInfrastructure;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationCommand;
import com.orderdeskmcp.sandbox.OrderDeskSandbox;
import com.orderdeskmcp.sandbox.SandboxOptions;
import com.orderdeskmcp.sandbox.control.RequestMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operators scale workers on their own: a second worker started in the middle of a stream takes
 * partitions over, the first stops gracefully (SIGTERM), and every mutation still ends exactly once,
 * in order. Each worker answers its probes and exposes its metrics.
 */
@ExtendWith(InfrastructureExtension.class)
class WorkerScalingTest {

    private static final String STORE = "4001";
    private static final Pattern HANDED_BACK = Pattern.compile("handed back .*\\((\\d+) records not started");

    @Test
    void aSecondWorkerTakesOverWhileTheFirstStopsGracefully(TestInfrastructure infra) throws Exception {
        String apiKey = "scale-key-" + UUID.randomUUID();
        try (OrderDeskSandbox sandbox = OrderDeskSandbox.start(SandboxOptions.defaults().withoutRateLimit())) {
            sandbox.addStore(STORE, apiKey);
            // A little latency keeps the stream going long enough to scale in the middle of it.
            sandbox.addLatency(RequestMatcher.store(STORE), Duration.ofMillis(20), Duration.ofMillis(10));
            List<String> orders = sandbox.seedOrders(STORE, 40, 21);
            WorkerFixture workers = new WorkerFixture(infra, "scaling", "scale-tenant", STORE, apiKey, sandbox.baseUrl());
            Map<String, List<MutationCommand>> perOrder = workers.stream(orders, 20);
            List<MutationCommand> accepted = WorkerFixture.interleaved(perOrder);

            // The first worker may start only 20 at once: the rest of what it takes waits parked
            // (worker.max-parked-size), and is handed back with the rest when its partitions go.
            AppProcess first = workers.start("worker-1", Map.of("WORKER_MAX_IN_FLIGHT", "20"));
            AppProcess second = null;
            try {
                assertProbesAndMetrics(first);
                int half = accepted.size() / 2;
                workers.publish(accepted.subList(0, half));
                await().atMost(Duration.ofMinutes(2)).until(() -> workers.finished() >= 100);
                // The second worker logs JSON lines, as deployments configure it.
                second = workers.start("worker-2", Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"));
                AppProcess secondWorker = second;
                await().atMost(Duration.ofMinutes(1)).until(() -> Files.readString(secondWorker.logFile())
                        .contains("assigned [orderdesk.mutation-commands.v1-"));
                workers.publish(accepted.subList(half, accepted.size()));

                first.close(); // SIGTERM with work in flight: running mutations finish, the rest is handed back
                assertThat(first.isAlive()).isFalse();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> workers.finished() == accepted.size());
                assertProbesAndMetrics(second);
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }

            assertThat(Files.readAllLines(first.logFile()).stream()
                    .map(line -> HANDED_BACK.matcher(line)).filter(Matcher::find)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).sum())
                    .as("records taken but not started, handed back to the next owner").isPositive();
            assertThat(Files.readAllLines(second.logFile()).stream()
                    .filter(line -> line.startsWith("{") && line.contains("ended: ")).findFirst())
                    .as("a JSON log line about a mutation, naming it").hasValueSatisfying(line -> {
                        JsonNode json = JsonCodec.tree(line);
                        assertThat(json.path("mutation_id").asText()).isNotBlank();
                        assertThat(json.at("/log/level").asText()).isEqualTo("INFO");
                    });
            Map<String, Integer> eventsPerMutation = workers.terminalEvents();
            assertThat(eventsPerMutation).hasSize(accepted.size()).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
            assertThat(workers.outcomes()).containsOnlyKeys("OrderMutated", "OrderNoteAdded");
            for (String orderId : orders) {
                WorkerCrashTest.assertAppliedOnceEachInOrder(sandbox, orderId, perOrder.get(orderId), STORE);
            }
        }
    }

    private static void assertProbesAndMetrics(AppProcess worker) throws Exception {
        int port = WorkerFixture.managementPort(worker);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"", "\"kafka\":{\"status\":\"UP\"",
                "\"db\":{\"status\":\"UP\"");
        HttpResponse<String> liveness = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(liveness.statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("orderdesk_ratelimit_wait_seconds", "orderdesk_coalesced_updates");
    }
}
