package com.orderdeskmcp.front.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.front.FrontApplication;
import com.orderdeskmcp.front.mutations.MutationLedger;
import com.orderdeskmcp.front.tenants.Role;
import com.orderdeskmcp.front.tenants.TenantRegistry;
import com.orderdeskmcp.infra.InfrastructureExtension;
import com.orderdeskmcp.infra.TestInfrastructure;
import com.orderdeskmcp.model.json.JsonCodec;
import com.orderdeskmcp.model.mutation.MutationEvent;
import com.orderdeskmcp.model.mutation.MutationHeader;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.orderdeskmcp.front.audit.RecordedEvents.header;
import static com.orderdeskmcp.front.audit.RecordedEvents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit back end in the running front, on a real PostgreSQL and Kafka: the read model built by
 * the tracking processor from events written as the worker writes them, the HTTP API with its
 * tenant scoping, verification against rows altered in PostgreSQL, and a replay that rebuilds an
 * identical read model.
 */
@SpringBootTest(classes = FrontApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith({InfrastructureExtension.class, OutputCaptureExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infra = InfrastructureExtension.get();
        String database = infra.newDatabase("front_audit");
        registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrapServers);
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", infra::jdbcUsername);
        registry.add("spring.datasource.password", infra::jdbcPassword);
        registry.add("orderdesk.vault.keys", () -> "k1:" + Base64.getEncoder().encodeToString(new byte[32]));
        registry.add("front.audit.event-store-wait", () -> "100ms");
        registry.add("front.audit.batch-size", () -> "100");
    }

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    MutationLedger ledger;
    @Autowired
    TenantRegistry tenants;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;
    @Autowired
    AuditEventStore auditEventStore;

    private final HttpClient http = HttpClient.newHttpClient();
    private RecordedEvents events;

    @BeforeAll
    void setUp() {
        events = new RecordedEvents(dataSource, transactions, ledger);
    }

    @Test
    @Order(1)
    void theReadModelWaitsForTheWorkersEventStoreAndThenFollowsIt() {
        assertThat(events.tablesExist()).as("the front started on a database without an event store").isFalse();
        String auditor = token("waiting", Role.AUDITOR);
        assertThat(get("/audit/api/search", auditor).path("items")).isEmpty();

        events.createTables();
        MutationHeader h = header("waiting", "3001", Instant.now());
        events.update(h, "900", json("{'email':'a@example.com'}"), json("{'id':'900','email':'a@example.com'}"));

        await().atMost(Duration.ofSeconds(30)).until(() -> get("/audit/api/search", auditor).path("items").size() == 1);
        assertThat(get("/audit/api/search", auditor).at("/items/0/mutation_id").asText()).isEqualTo(h.mutationId());
    }

    @Test
    @Order(2)
    void anAuditorSeesTheOrdersTimelineWithDiffsItsStateAtAnInstantAndNothingOfOtherTenants() throws Exception {
        events.createTables();
        String auditor = token("acme", Role.AUDITOR);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
        ObjectNodeBuilder order = new ObjectNodeBuilder();
        var created = events.create(header("acme", "4001", t0), "1001",
                json("{'email':'c@example.com','shipping':{'city':'Berlin','street':'Main 1'}}"));
        var first = events.update(header("acme", "4001", t0.plusSeconds(60)), "1001",
                json("{'shipping':{'city':'Hamburg'}}"), order.city("Hamburg"));
        var rejected = events.reject(header("acme", "4001", t0.plusSeconds(120)), "1001", json("{'email':'bad'}"));
        var second = events.update(header("acme", "4001", t0.plusSeconds(180)), "1001",
                json("{'shipping':{'city':'Munich'}}"), order.city("Munich"));
        // Another tenant, another store, the same order id.
        var foreign = events.update(header("globex", "4002", t0.plusSeconds(30)), "1001",
                json("{'email':'x@globex.example'}"), json("{'id':'1001','email':'x@globex.example'}"));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                get("/audit/api/search?store=4001", auditor).path("items").size() == 4);

        JsonNode page = get("/audit/api/search?store=4001&limit=3", auditor);
        assertThat(page.path("items")).hasSize(3);
        assertThat(page.path("next_offset").asInt()).isEqualTo(3);
        assertThat(page.at("/items/0/mutation_id").asText()).as("newest first").isEqualTo(second.mutationId());
        assertThat(page.at("/items/0/attempts").asInt()).isEqualTo(2);
        assertThat(page.at("/items/0/order_id").asText()).isEqualTo("1001");
        JsonNode last = get("/audit/api/search?store=4001&limit=3&offset=3", auditor);
        assertThat(last.path("items")).hasSize(1);
        assertThat(last.path("next_offset").isNull()).isTrue();
        assertThat(get("/audit/api/search?outcome=MutationRejected", auditor).at("/items/0/mutation_id").asText())
                .isEqualTo(rejected.mutationId());
        assertThat(get("/audit/api/search?from=" + t0.plusSeconds(100) + "&to=" + t0.plusSeconds(150), auditor)
                .path("items")).extracting(i -> i.path("mutation_id").asText()).containsExactly(rejected.mutationId());

        JsonNode history = get("/audit/api/orders/1001/history", auditor);
        assertThat(history.path("store_id").asText()).isEqualTo("4001");
        assertThat(history.path("events")).extracting(e -> e.path("mutation_id").asText())
                .containsExactly(created.mutationId(), first.mutationId(), rejected.mutationId(), second.mutationId());
        JsonNode secondEvent = history.at("/events/3");
        assertThat(secondEvent.path("diff")).hasSize(1);
        assertThat(secondEvent.at("/diff/0/path").asText()).isEqualTo("shipping.city");
        assertThat(secondEvent.at("/diff/0/before").asText()).isEqualTo("Hamburg");
        assertThat(secondEvent.at("/diff/0/after").asText()).isEqualTo("Munich");
        assertThat(history.at("/events/2/diff")).as("a rejection changed nothing").isEmpty();
        assertThat(history.at("/events/2/outcome").asText()).isEqualTo("MutationRejected");
        assertThat(history.at("/events/1/requested/shipping/city").asText()).isEqualTo("Hamburg");
        assertThat(history.at("/events/1/sent/shipping/street").asText()).isEqualTo("Main 1");
        assertThat(history.at("/events/1/attempts/1/step").asText()).isEqualTo("PUT /orders/{id}");

        JsonNode between = get("/audit/api/orders/1001/state?store=4001&at=" + t0.plusSeconds(150), auditor);
        assertThat(between.at("/order/shipping/city").asText()).isEqualTo("Hamburg");
        assertThat(between.path("mutation_id").asText()).isEqualTo(first.mutationId());
        assertThat(get("/audit/api/orders/1001/state?store=4001&at=" + t0.minusSeconds(1), auditor)
                .path("order").isNull()).isTrue();

        JsonNode mutation = get("/audit/api/mutations/" + second.mutationId(), auditor);
        assertThat(mutation.path("store_id").asText()).isEqualTo("4001");
        assertThat(mutation.path("hash").asText()).hasSize(64);
        assertThat(mutation.path("global_index").asLong()).isPositive();
        assertThat(mutation.at("/diff/0/after").asText()).isEqualTo("Munich");

        // Tenant isolation: the other tenant's mutation does not exist for this auditor.
        HttpResponse<String> hidden = send("/audit/api/mutations/" + foreign.mutationId(), auditor);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(JsonCodec.tree(hidden.body()).path("error").asText()).isEqualTo("not_found");
        assertThat(get("/audit/api/search", auditor).path("items")).extracting(i -> i.path("tenant_id").asText())
                .containsOnly("acme");
        assertThat(get("/audit/api/orders/1001/history?store=4002", auditor).path("events")).isEmpty();

        // No token, a bad token: 401 JSON; the page itself needs none.
        assertThat(send("/audit/api/search", null).statusCode()).isEqualTo(401);
        assertThat(send("/audit/api/verify", "odm_nope").statusCode()).isEqualTo(401);
        assertThat(send("/audit/index.html", null).statusCode()).isNotEqualTo(401);
        // An agent token of the same tenant reads its audit trail through MCP tools, not this API.
        HttpResponse<String> asAgent = send("/audit/api/search", token("acme", Role.AGENT));
        assertThat(asAgent.statusCode()).isEqualTo(403);
        assertThat(JsonCodec.tree(asAgent.body()).path("message").asText()).isEqualTo("the audit API needs an auditor token");
        assertThat(send("/audit/api/search?from=yesterday", auditor).statusCode()).isEqualTo(400);
        assertThat(send("/audit/api/search?from=yesterday", auditor).body()).doesNotContain("Exception");

        HttpResponse<String> csv = send("/audit/api/export?format=csv&from=" + t0.minusSeconds(1), auditor);
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).startsWith("global_index,mutation_id,tenant_id");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).contains(created.mutationId());
        HttpResponse<String> jsonl = send("/audit/api/export?format=jsonl&from=" + t0.minusSeconds(1), auditor);
        assertThat(jsonl.body().lines().map(JsonCodec::tree).map(n -> n.path("mutation_id").asText()).toList())
                .containsExactly(created.mutationId(), first.mutationId(), rejected.mutationId(), second.mutationId());
    }

    @Test
    @Order(3)
    void verifyNamesExactlyTheRowsThatWereAlteredRemovedReorderedForgedOrDuplicated() throws Exception {
        events.createTables();
        String auditor = token("initech", Role.AUDITOR);
        String store = "5001";
        Instant t0 = Instant.now().minusSeconds(3600);
        List<List<MutationEvent>> orders = new ArrayList<>();
        for (int o = 0; o < 8; o++) {
            List<MutationEvent> stream = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                stream.add(events.update(header("initech", store, t0.plusSeconds(o * 10L + i)), "70" + o,
                        json("{'email':'v" + i + "@example.com'}"), json("{'id':'70" + o + "','email':'v" + i + "@example.com'}")));
            }
            orders.add(stream);
        }
        MutationHeader inFlight = header("initech", store, Instant.now());
        events.accept(new com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder(inFlight, "799", json("{'email':'x@y.z'}")));

        JsonNode clean = get("/audit/api/verify", auditor);
        assertThat(clean.path("ok").asBoolean()).as(clean.toString()).isTrue();
        assertThat(clean.path("events_checked").asInt()).isEqualTo(24);
        assertThat(clean.path("streams_checked").asInt()).isEqualTo(8);
        assertThat(clean.path("in_flight").asInt()).isEqualTo(1);
        // Several at once share the readers (4 cursors in all) and each checks everything.
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<JsonNode>> together = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                together.add(callers.submit(() -> get("/audit/api/verify", auditor)));
            }
            for (Future<JsonNode> one : together) {
                JsonNode report = one.get(60, TimeUnit.SECONDS);
                assertThat(report.path("ok").asBoolean()).as(report.toString()).isTrue();
                assertThat(report.path("events_checked").asInt()).isEqualTo(24);
            }
        }

        // 700: a payload rewritten; 701: an event deleted; 702: two events swapped; 703: an event forged;
        // 704: the last event deleted (the chain still holds; its mutation has no terminal event now);
        // 705: the last event duplicated; 706: untouched; 707: the event's type changed in the column beside
        // its payload (the one Axon decodes it by). And a queued mutation that never ended.
        jdbc.update("""
                UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),
                  'v1@example.com', 'forged@example.com'), 'UTF8') WHERE aggregate_identifier = ? AND sequence_number = 1""",
                store + "/700");
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 1", store + "/701");
        jdbc.update("UPDATE domain_event_entry SET sequence_number = 99 WHERE aggregate_identifier = ? AND sequence_number = 0", store + "/702");
        jdbc.update("UPDATE domain_event_entry SET sequence_number = 0 WHERE aggregate_identifier = ? AND sequence_number = 1", store + "/702");
        jdbc.update("UPDATE domain_event_entry SET sequence_number = 1 WHERE aggregate_identifier = ? AND sequence_number = 99", store + "/702");
        String forgedId = UUID.randomUUID().toString();
        jdbc.update("""
                INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data,
                  payload, payload_type, time_stamp)
                SELECT aggregate_identifier, 3, type, ?, meta_data,
                  convert_to(replace(convert_from(payload, 'UTF8'), ?, ?), 'UTF8'), payload_type, time_stamp
                FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 2""",
                UUID.randomUUID().toString(), orders.get(3).get(2).mutationId(), forgedId, store + "/703");
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 2", store + "/704");
        jdbc.update("""
                INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data,
                  payload, payload_type, time_stamp)
                SELECT aggregate_identifier, 3, type, ?, meta_data, payload, payload_type, time_stamp
                FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 2""",
                UUID.randomUUID().toString(), store + "/705");
        jdbc.update("UPDATE domain_event_entry SET payload_type = replace(payload_type, 'OrderMutated', 'OrderDeleted') "
                + "WHERE aggregate_identifier = ? AND sequence_number = 1", store + "/707");
        MutationHeader lost = header("initech", store, Instant.now().minusSeconds(600));
        events.accept(new com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder(lost, "798", json("{'email':'l@y.z'}")));

        JsonNode report = get("/audit/api/verify", auditor);
        assertThat(report.path("ok").asBoolean()).isFalse();
        assertThat(report.path("chain_breaks")).extracting(b -> b.path("stream").asText() + "#" + b.path("sequence").asInt())
                .containsExactly(store + "/700#1", store + "/701#2", store + "/702#0", store + "/703#3", store + "/705#3",
                        store + "/707#1");
        assertThat(report.at("/chain_breaks/0/problem").asText()).contains("altered");
        assertThat(report.at("/chain_breaks/0/mutation_id").asText()).isEqualTo(orders.get(0).get(1).mutationId());
        assertThat(report.at("/chain_breaks/1/problem").asText()).contains("1 is missing");
        assertThat(report.at("/chain_breaks/5/problem").asText()).contains("altered");
        assertThat(report.at("/chain_breaks/5/mutation_id").asText()).isEqualTo(orders.get(7).get(1).mutationId());
        assertThat(report.path("missing_terminal")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(orders.get(1).get(1).mutationId(), orders.get(4).get(2).mutationId(),
                        lost.mutationId());
        assertThat(report.path("duplicate_terminal")).extracting(JsonNode::asText)
                .containsExactly(orders.get(5).get(2).mutationId());
        assertThat(report.path("in_flight").asInt()).isEqualTo(1);

        // Another tenant's verification sees none of it.
        JsonNode other = get("/audit/api/verify", token("hooli", Role.AUDITOR));
        assertThat(other.path("ok").asBoolean()).isTrue();
        assertThat(other.path("events_checked").asInt()).isZero();
    }

    @Test
    @Order(4)
    void aReplayRebuildsAnIdenticalReadModelWhileTheFrontKeepsServing(CapturedOutput output) throws Exception {
        events.createTables();
        String operator = token("ops", Role.OPERATOR);
        String auditor = token("umbrella", Role.AUDITOR);
        // The rows tampered with by the test before no longer match the read model built from them:
        // a first replay brings it in line with the event store as it is now.
        assertThat(sendPost("/admin/audit/replay", operator).statusCode()).isEqualTo(202);
        awaitReplayDone(operator);

        // New events, projected as they come: the read model before the replay we compare with. Every
        // other one holds an order of several kilobytes, as real ones do: the replay reads those from their
        // first bytes (ProjectedRow.prefixed), the small ones whole.
        Instant t0 = Instant.now().minusSeconds(7200);
        for (int i = 0; i < 250; i++) {
            String note = i % 2 == 0 ? "" : ",'note':'" + "n".repeat(ReplayBulk.PREFIX * 2) + i + "'";
            events.update(header("umbrella", "6001", t0.plusMillis(i)), "80" + (i % 25),
                    json("{'email':'r" + i + "@example.com'}"),
                    json("{'id':'80" + (i % 25) + "','email':'r" + i + "@example.com'" + note + "}"));
        }
        // A reason as OrderDesk may word it: the replay copies rows as text, which must keep it as it is.
        events.reject(header("umbrella-2", "6002", t0), "8200", json("{'email':'bad'}"),
                "line one\n\tline two\r\nback\\slash \\N naïve ✓");
        // A large event stored in another key order (as the serializer wrote events before the worker stored
        // canonical JSON; here PostgreSQL's jsonb order): its first bytes do not give the row, so the replay
        // reads it whole.
        MutationHeader reordered = header("umbrella", "6001", t0.plusMillis(300));
        events.update(reordered, "8300", json("{'email':'o@example.com'}"),
                json("{'id':'8300','note':'" + "o".repeat(ReplayBulk.PREFIX * 2) + "'}"));
        assertThat(jdbc.update("""
                UPDATE domain_event_entry SET payload = convert_to((convert_from(payload, 'UTF8')::jsonb)::text, 'UTF8')
                WHERE aggregate_identifier = ?""", "6001/8300")).isOne();
        long stored = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> projected() == stored);
        String before = checksum();
        List<String> indexesBefore = indexes();

        assertThat(sendPost("/admin/audit/replay", auditor).statusCode()).as("operators only").isEqualTo(403);
        HttpResponse<String> started = sendPost("/admin/audit/replay", operator);
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(JsonCodec.tree(started.body()).path("events_total").asLong()).isEqualTo(stored);
        // The new read model is built beside the one in use: an auditor sees the whole history throughout.
        assertThat(get("/audit/api/search?limit=500", auditor).path("items")).as("as the replay starts").hasSize(251);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            assertThat(get("/audit/api/search?limit=500", auditor).path("items")).as("during the replay").hasSize(251);
            return get("/admin/audit/replay", operator).path("state").asText().equals("done");
        });
        JsonNode done = get("/admin/audit/replay", operator);
        assertThat(done.path("events_processed").asLong()).isEqualTo(projected());
        assertThat(checksum()).as("the rebuilt read model equals the one before").isEqualTo(before);
        Matcher copied = Pattern.compile("replay copied the events up to position \\d+ in \\d+ ms \\((\\d+) of them from "
                + "their first").matcher(output.getOut());
        long fromPrefix = -1;
        while (copied.find()) {
            fromPrefix = Long.parseLong(copied.group(1));
        }
        assertThat(fromPrefix).as("the large events were copied from their first bytes").isGreaterThanOrEqualTo(125);
        assertThat(get("/audit/api/search?limit=500", auditor).path("items")).hasSize(251);
        assertThat(indexes()).as("the rebuilt table has the indexes of the one it replaced").isEqualTo(indexesBefore);
        assertThat(jdbc.queryForObject("SELECT to_regclass('front.audit_event_replay') IS NULL", Boolean.class)).isTrue();

        // An event stored while a replay runs is in the read model once, and the processor in use goes on
        // from the replay's tokens.
        assertThat(sendPost("/admin/audit/replay", operator).statusCode()).isEqualTo(202);
        MutationHeader during = header("umbrella", "6001", t0.plusSeconds(1));
        events.update(during, "8100", json("{'email':'during@example.com'}"), json("{'id':'8100','email':'during@example.com'}"));
        awaitReplayDone(operator);
        MutationHeader after = header("umbrella", "6001", t0.plusSeconds(2));
        events.update(after, "8101", json("{'email':'after@example.com'}"), json("{'id':'8101','email':'after@example.com'}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> projected() == stored + 2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM front.audit_event WHERE mutation_id IN (?, ?)", Long.class,
                during.mutationId(), after.mutationId())).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT DISTINCT processor_name FROM front.token_entry", String.class))
                .containsExactly("audit-read-model");
        before = checksum();

        // The CLI asks the running front and prints the progress until done.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ReplayCommand.run("replay", "http://127.0.0.1:" + port, operator, Duration.ofMillis(100),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replaying: ").containsPattern("done: \\d+ / \\d+ events");
        assertThat(checksum()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void agentsAndAuditorsHaveTheAuditToolsReadOnlyAndScopedToTheirTenant() {
        events.createTables();
        MutationHeader mine = header("stark", "7001", Instant.now().minusSeconds(60));
        events.update(mine, "1100", json("{'email':'t@stark.example'}"), json("{'id':'1100','email':'t@stark.example'}"));
        MutationHeader theirs = header("wayne", "7002", Instant.now().minusSeconds(60));
        events.update(theirs, "1100", json("{'email':'b@wayne.example'}"), json("{'id':'1100','email':'b@wayne.example'}"));
        MutationHeader note = header("stark", "7001", Instant.now().minusSeconds(30));
        events.note(note, "1100", "Customer called");
        // Wayne uses stark's store too: its event sits in one of that store's streams.
        MutationHeader shared = header("wayne", "7001", Instant.now().minusSeconds(20));
        events.update(shared, "1101", json("{'email':'s@wayne.example'}"), json("{'id':'1101','email':'s@wayne.example'}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM front.audit_event WHERE mutation_id IN (?, ?, ?, ?)", Long.class,
                mine.mutationId(), theirs.mutationId(), note.mutationId(), shared.mutationId()) == 4);

        McpSyncClient agent = mcp(token("stark", Role.AGENT));
        McpSyncClient auditor = mcp(token("stark", Role.AUDITOR));
        try {
            List<McpSchema.Tool> tools = auditor.listTools().tools().stream()
                    .filter(t -> t.name().startsWith("audit_")).toList();
            assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("audit_order_history",
                    "audit_mutation", "audit_search", "audit_verify", "audit_order_state_at");
            assertThat(tools).allSatisfy(t -> {
                assertThat(t.annotations().readOnlyHint()).isTrue();
                assertThat(t.annotations().destructiveHint()).isFalse();
                assertThat(t.title()).isNotBlank();
                assertThat(t.outputSchema()).isNotNull();
            });

            JsonNode history = structured(agent.callTool(new McpSchema.CallToolRequest("audit_order_history",
                    Map.of("order_id", "1100"))));
            assertThat(history.path("store_id").asText()).isEqualTo("7001");
            assertThat(history.path("events")).extracting(e -> e.path("mutation_id").asText())
                    .containsExactly(mine.mutationId(), note.mutationId());
            assertThat(history.at("/events/1/diff")).singleElement().satisfies(d -> {
                assertThat(d.path("path").asText()).isEqualTo("order_history[+]");
                assertThat(d.path("before").isNull()).isTrue();
                assertThat(d.at("/after/note").asText()).isEqualTo("Customer called");
                assertThat(d.at("/after/date_added").asText()).isEqualTo("2026-11-28 10:00:00");
            });
            JsonNode verify = structured(auditor.callTool(new McpSchema.CallToolRequest("audit_verify", Map.of())));
            assertThat(verify.path("ok").asBoolean()).isTrue();
            assertThat(verify.path("events_checked").asInt()).as("stark's own events, not wayne's in its store")
                    .isEqualTo(2);
            assertThat(verify.path("streams_checked").asInt()).isEqualTo(1);
            JsonNode wayne = get("/audit/api/verify", token("wayne", Role.AUDITOR));
            assertThat(wayne.path("ok").asBoolean()).isTrue();
            assertThat(wayne.path("events_checked").asInt()).as("wayne's events in its store and in stark's")
                    .isEqualTo(2);
            assertThat(wayne.path("streams_checked").asInt()).isEqualTo(2);
            JsonNode search = structured(auditor.callTool(new McpSchema.CallToolRequest("audit_search", Map.of("limit", 10))));
            assertThat(search.path("items")).extracting(i -> i.path("mutation_id").asText())
                    .containsExactly(note.mutationId(), mine.mutationId());
            McpSchema.CallToolResult backwards = auditor.callTool(new McpSchema.CallToolRequest("audit_search",
                    Map.of("from", "2026-11-02T00:00:00Z", "to", "2026-11-01T00:00:00Z")));
            assertThat(backwards.isError()).isTrue();
            assertThat(((McpSchema.TextContent) backwards.content().getFirst()).text())
                    .contains("from (2026-11-02T00:00:00Z) is after to (2026-11-01T00:00:00Z)");
            JsonNode mutation = structured(agent.callTool(new McpSchema.CallToolRequest("audit_mutation",
                    Map.of("mutation_id", mine.mutationId()))));
            assertThat(mutation.at("/mutation/requested/email").asText()).isEqualTo("t@stark.example");

            // The state after the update; the note came later and OrderDesk's answer to it was not the whole
            // order, so the state says it does not include it. Before the note, nothing is left out.
            JsonNode now = structured(agent.callTool(new McpSchema.CallToolRequest("audit_order_state_at",
                    Map.of("order_id", "1100"))));
            assertThat(now.path("state").asText()).isEqualTo("present");
            assertThat(now.at("/order/email").asText()).isEqualTo("t@stark.example");
            assertThat(now.path("mutation_id").asText()).isEqualTo(mine.mutationId());
            assertThat(now.path("not_included")).singleElement().satisfies(n -> {
                assertThat(n.path("mutation_id").asText()).isEqualTo(note.mutationId());
                assertThat(n.path("kind").asText()).isEqualTo("AddOrderNote");
            });
            JsonNode before = structured(agent.callTool(new McpSchema.CallToolRequest("audit_order_state_at",
                    Map.of("order_id", "1100", "at", note.acceptedAt().minusSeconds(1).toString()))));
            assertThat(before.path("mutation_id").asText()).isEqualTo(mine.mutationId());
            assertThat(before.path("not_included")).isEmpty();

            McpSchema.CallToolResult foreign = auditor.callTool(new McpSchema.CallToolRequest("audit_mutation",
                    Map.of("mutation_id", theirs.mutationId())));
            assertThat(foreign.isError()).isTrue();
            assertThat(((McpSchema.TextContent) foreign.content().getFirst()).text()).startsWith("No mutation");
        } finally {
            agent.closeGracefully();
            auditor.closeGracefully();
        }
    }

    @Test
    @Order(6)
    void queriesStillAnswerWithTheScalarFieldsWhenAStoredPayloadWasAlteredBeyondReading() {
        events.createTables();
        String auditor = token("oscorp", Role.AUDITOR);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(300);
        var created = events.create(header("oscorp", "8001", t0), "1201", json("{'email':'o@oscorp.example'}"));
        var updated = events.update(header("oscorp", "8001", t0.plusSeconds(10)), "1201",
                json("{'email':'p@oscorp.example'}"), json("{'id':'1201','email':'p@oscorp.example'}"));
        var intact = events.update(header("oscorp", "8001", t0.plusSeconds(20)), "1201",
                json("{'email':'q@oscorp.example'}"), json("{'id':'1201','email':'q@oscorp.example'}"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                get("/audit/api/search?store=8001", auditor).path("items").size() == 3);
        JsonNode searchBefore = get("/audit/api/search?store=8001", auditor);
        JsonNode createdBefore = get("/audit/api/mutations/" + created.mutationId(), auditor);
        assertThat(createdBefore.at("/result/email").asText()).isEqualTo("o@oscorp.example");

        // Altered in the event store after they were projected: one no longer JSON, one no longer an event.
        jdbc.update("UPDATE domain_event_entry SET payload = convert_to('not json', 'UTF8') "
                + "WHERE aggregate_identifier = ? AND sequence_number = 0", "8001/1201");
        jdbc.update("UPDATE domain_event_entry SET payload = convert_to('{\"type\":\"Forged\"}', 'UTF8') "
                + "WHERE aggregate_identifier = ? AND sequence_number = 1", "8001/1201");

        JsonNode search = get("/audit/api/search?store=8001", auditor);
        assertThat(search.path("items")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            for (String field : List.of("mutation_id", "tenant_id", "store_id", "order_id", "subject", "kind", "outcome",
                    "requested_by", "accepted_at", "completed_at", "attempts")) {
                assertThat(search.at("/items/" + i + "/" + field)).as(field).isEqualTo(searchBefore.at("/items/" + i + "/" + field));
            }
        }
        assertThat(search.at("/items/0")).as("the intact event, newest").isEqualTo(searchBefore.at("/items/0"));

        JsonNode mutation = get("/audit/api/mutations/" + created.mutationId(), auditor);
        for (String field : List.of("mutation_id", "tenant_id", "store_id", "order_id", "subject", "kind", "outcome",
                "requested_by", "accepted_at", "completed_at", "reason", "stream", "sequence", "hash", "global_index")) {
            assertThat(mutation.path(field)).as(field).isEqualTo(createdBefore.path(field));
        }
        assertThat(mutation.path("requested").isNull()).isTrue();
        assertThat(mutation.path("result").isNull()).isTrue();
        assertThat(mutation.path("attempts")).isEmpty();

        JsonNode history = get("/audit/api/orders/1201/history?store=8001", auditor);
        assertThat(history.path("events")).extracting(e -> e.path("mutation_id").asText())
                .containsExactly(created.mutationId(), updated.mutationId(), intact.mutationId());
        assertThat(history.at("/events/1/requested").isNull()).isTrue();
        assertThat(history.at("/events/2/result/email").asText()).as("read from its payload").isEqualTo("q@oscorp.example");
        assertThat(get("/audit/api/orders/1201/state?store=8001&at=" + t0.plusSeconds(15), auditor)
                .path("mutation_id").asText()).isEqualTo(updated.mutationId());
        assertThat(send("/audit/api/export?format=csv&from=" + t0.minusSeconds(1), auditor).body().lines()).hasSize(4);
        assertThat(send("/audit/api/export?format=jsonl&from=" + t0.minusSeconds(1), auditor).body().lines()
                .map(JsonCodec::tree).map(n -> n.path("mutation_id").asText()).toList())
                .containsExactly(created.mutationId(), updated.mutationId(), intact.mutationId());

        // What names them is verification, which reads the event store itself.
        JsonNode report = get("/audit/api/verify", auditor);
        assertThat(report.path("ok").asBoolean()).isFalse();
        assertThat(report.path("chain_breaks")).extracting(b -> b.path("stream").asText() + "#" + b.path("sequence").asInt())
                .containsExactly("8001/1201#0");
    }

    @Test
    @Order(7)
    void aReplayWaitsForAQueryStillReadingTheReadModelInUseAndThenSwitches() throws Exception {
        events.createTables();
        String operator = token("ops", Role.OPERATOR);
        // Rows altered by the test before no longer project as they did: a first replay brings them in line.
        assertThat(sendPost("/admin/audit/replay", operator).statusCode()).isEqualTo(202);
        awaitReplayDone(operator);
        long rows = projected();
        String before = checksum();
        try (Connection reader = dataSource.getConnection()) {
            // Like an export's cursor: the table in use is read in a transaction that stays open.
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM front.audit_event").close();
            }
            assertThat(sendPost("/admin/audit/replay", operator).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    get("/admin/audit/replay", operator).path("message").asText().equals("switching to the new read model"));
            // Held back for longer than one try's lock timeout (5 s), and still replaying, not failed.
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() ->
                    get("/admin/audit/replay", operator).path("state").asText().equals("replaying"));
            reader.commit();
        }
        awaitReplayDone(operator);
        assertThat(projected()).isEqualTo(rows);
        assertThat(checksum()).isEqualTo(before);
    }

    @Test
    @Order(8)
    void aReplayAskedOfAnotherFrontTakesOverFromTheFrontThatHoldsTheTokens() throws Exception {
        events.createTables();
        String operator = token("ops", Role.OPERATOR);
        // What a replay leaves behind when its front stops mid-way: its table and its processor's tokens.
        jdbc.execute("CREATE TABLE front." + AuditReplay.TABLE + " (LIKE front.audit_event)");
        jdbc.update("INSERT INTO front.token_entry (processor_name, segment) VALUES (?, 0)", AuditReplay.PROCESSOR);
        // A second front on the same database: the first one's processor holds every segment.
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        for (String name : List.of("spring.kafka.bootstrap-servers", "spring.datasource.url", "spring.datasource.username",
                "spring.datasource.password", "orderdesk.vault.keys", "front.audit.event-store-wait", "front.audit.batch-size")) {
            args.add("--" + name + "=" + environment.getProperty(name));
        }
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(FrontApplication.class)
                .run(args.toArray(String[]::new))) {
            int otherPort = ((ServletWebServerApplicationContext) other).getWebServer().getPort();
            AuditEventStore otherStore = other.getBean(AuditEventStore.class);
            await().atMost(Duration.ofSeconds(30)).until(otherStore::processing);
            assertThat(jdbc.queryForList("SELECT DISTINCT owner FROM front.token_entry WHERE processor_name = ?",
                    String.class, AuditEventStore.PROCESSOR)).as("one front holds every segment").hasSize(1);
            // The front that started found no replay running anywhere, so it discarded the leftovers.
            assertThat(jdbc.queryForObject("SELECT to_regclass('front." + AuditReplay.TABLE + "') IS NULL", Boolean.class))
                    .isTrue();
            assertThat(jdbc.queryForList("SELECT segment FROM front.token_entry WHERE processor_name = ?", Integer.class,
                    AuditReplay.PROCESSOR)).isEmpty();

            // The read model as the replay of the test before left it (it matches the event store).
            long before = projected();
            Instant t0 = Instant.now().minusSeconds(3600);
            List<String> ids = new ArrayList<>();
            store(ids, 0, 40, t0);
            String otherBase = "http://127.0.0.1:" + otherPort;
            HttpResponse<String> started = sendPost(otherBase, "/admin/audit/replay", operator);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            store(ids, 40, 60, t0); // while the replay runs: projected by one front or the other
            awaitReplayDone(otherBase, operator);
            store(ids, 60, 80, t0); // after the switch: the fronts carry on from the replay's tokens
            await().atMost(Duration.ofSeconds(30)).until(() -> projected() == before + ids.size());
            assertThat(jdbc.queryForList("SELECT mutation_id FROM front.audit_event WHERE store_id = '9001'", String.class))
                    .as("every event once").containsExactlyInAnyOrderElementsOf(ids);
            assertThat(jdbc.queryForList("SELECT DISTINCT processor_name FROM front.token_entry", String.class))
                    .containsExactly(AuditEventStore.PROCESSOR);

            // One replay at a time across the fronts: while this one's replay is held at its switch (a
            // reader keeps the table in use), the other front refuses to start one and names the reason.
            try (Connection reader = dataSource.getConnection()) {
                reader.setAutoCommit(false);
                try (Statement statement = reader.createStatement()) {
                    statement.executeQuery("SELECT count(*) FROM front.audit_event").close();
                }
                assertThat(sendPost("/admin/audit/replay", operator).statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(60)).until(() -> get("/admin/audit/replay", operator)
                        .path("message").asText().equals("switching to the new read model"));
                HttpResponse<String> refused = sendPost(otherBase, "/admin/audit/replay", operator);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
                assertThat(JsonCodec.tree(refused.body()).path("message").asText())
                        .isEqualTo("a replay is running on another front instance; ask that one for its progress");
                assertThat(get("/admin/audit/replay", operator).path("state").asText()).isEqualTo("replaying");
                reader.commit();
            }
            awaitReplayDone(operator);
            assertThat(jdbc.queryForList("SELECT mutation_id FROM front.audit_event WHERE store_id = '9001'", String.class))
                    .containsExactlyInAnyOrderElementsOf(ids);
            // Done, the lock is free again: the other front may replay now.
            HttpResponse<String> again = sendPost(otherBase, "/admin/audit/replay", operator);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
            awaitReplayDone(otherBase, operator);

            // A batch of a front's processor stores its segment's token, then inserts its rows. One caught
            // in between while a front switches: the switch waits for the token, the batch goes on, and
            // neither is broken off as a deadlock (the switch used to take the table first).
            // The front whose processor holds segment 0 would wait for the batch when it stops its processor
            // for the switch, so the other one switches: which one that is, once the claims have settled
            // after the last switch (it cleared their owners).
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30))
                    .until(() -> holdsSegmentZero(auditEventStore) != holdsSegmentZero(otherStore));
            String switching = holdsSegmentZero(otherStore) ? "http://127.0.0.1:" + port : otherBase;
            try (Connection batch = dataSource.getConnection()) {
                batch.setAutoCommit(false);
                try (Statement statement = batch.createStatement()) {
                    statement.executeQuery("SELECT token FROM front.token_entry WHERE processor_name = '"
                            + AuditEventStore.PROCESSOR + "' AND segment = 0 FOR UPDATE").close();
                    HttpResponse<String> third = sendPost(switching, "/admin/audit/replay", operator);
                    assertThat(third.statusCode()).as(third.body()).isEqualTo(202);
                    // The switch waits for a lock: for the token, behind the batch (directly, or queued behind
                    // the holder front's claim extension, which waits for it too).
                    await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("SELECT count(*) FROM "
                            + "pg_stat_activity WHERE application_name = ? AND wait_event_type = 'Lock'", Long.class,
                            AuditReplay.SWITCH_NAME) > 0);
                    statement.execute("SET LOCAL lock_timeout = '20s'");
                    statement.execute("LOCK TABLE front.audit_event IN ROW EXCLUSIVE MODE"); // the batch's insert
                    batch.commit();
                    awaitReplayDone(switching, operator);
                }
            }
            assertThat(jdbc.queryForList("SELECT mutation_id FROM front.audit_event WHERE store_id = '9001'", String.class))
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    @Order(9)
    void anEventCommittedAfterLaterOnesWereReadIsProjectedOnceAlsoAcrossAReplay() throws Exception {
        events.createTables();
        String operator = token("ops", Role.OPERATOR);
        MutationHeader template = header("hooli", "9101", Instant.now().minusSeconds(60));
        events.update(template, "1", json("{'email':'t@hooli.example'}"), json("{'id':'1','email':'t@hooli.example'}"));
        try (Connection late = dataSource.getConnection()) {
            // A worker's transaction that has taken its position in the event store but not committed yet.
            late.setAutoCommit(false);
            long position;
            try (PreparedStatement insert = late.prepareStatement("""
                    INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                      meta_data, payload, payload_revision, payload_type, time_stamp)
                    SELECT '9101/2', 0, type, ?, meta_data, payload, payload_revision, payload_type, time_stamp
                    FROM domain_event_entry WHERE aggregate_identifier = '9101/1' RETURNING global_index""")) {
                insert.setString(1, UUID.randomUUID().toString());
                try (var rows = insert.executeQuery()) {
                    rows.next();
                    position = rows.getLong(1);
                }
            }
            // Committed after it: the replay's copy reaches past the position of the one still open.
            MutationHeader later = header("hooli", "9101", Instant.now().minusSeconds(30));
            events.update(later, "3", json("{'email':'l@hooli.example'}"), json("{'id':'3','email':'l@hooli.example'}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM front.audit_event WHERE mutation_id = ?", Long.class, later.mutationId()) == 1);

            assertThat(sendPost("/admin/audit/replay", operator).statusCode()).isEqualTo(202);
            awaitReplayDone(operator);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM front.audit_event WHERE global_index = ?", Long.class,
                    position)).as("not committed yet").isZero();

            late.commit();
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM front.audit_event WHERE global_index = ?", Long.class, position) == 1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM front.audit_event WHERE store_id = '9101'",
                    Long.class)).isEqualTo(3);
        }
    }

    @Test
    @Order(10)
    void theExportHoldsExactlyTheEventsFromFromUntilToOldestFirstAndItsCsvReadsBack() throws Exception {
        events.createTables();
        String auditor = token("soylent", Role.AUDITOR);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(900);
        Instant from = t0.plusSeconds(10);
        Instant to = t0.plusSeconds(30);
        // Stored out of their accepted order, so that oldest first is the order of accepted_at, not of storage.
        var atTo = events.update(header("soylent", "9501", to), "9513", json("{'email':'to@example.com'}"),
                json("{'id':'9513','email':'to@example.com'}"));
        MutationHeader rejectedHeader = header("soylent", "9501", t0.plusSeconds(20));
        var awkward = json("{'email':'x'}").put("email", "\"Smith, Jr\"@example.com");
        events.accept(new com.orderdeskmcp.model.mutation.MutationCommand.UpdateOrder(rejectedHeader, "9512", awkward));
        String reason = "OrderDesk said: \"email\" is invalid, twice\nsecond line";
        var rejected = (MutationEvent.MutationRejected) events.record(new MutationEvent.MutationRejected(rejectedHeader,
                "UpdateOrder", "9512", awkward, 422, reason, RecordedEvents.attempts(422, "rejected"),
                rejectedHeader.acceptedAt().plusMillis(40)));
        var before = events.update(header("soylent", "9501", from.minusMillis(1)), "9510",
                json("{'email':'before@example.com'}"), json("{'id':'9510','email':'before@example.com'}"));
        var atFrom = events.update(header("soylent", "9501", from), "9511", json("{'email':'from@example.com'}"),
                json("{'id':'9511','email':'from@example.com'}"));
        var foreign = events.update(header("tyrell", "9502", t0.plusSeconds(15)), "9511",
                json("{'email':'t@tyrell.example'}"), json("{'id':'9511','email':'t@tyrell.example'}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM front.audit_event WHERE mutation_id IN (?, ?, ?, ?, ?)", Long.class, atTo.mutationId(),
                rejected.mutationId(), before.mutationId(), atFrom.mutationId(), foreign.mutationId()) == 5);

        // JSON Lines: from inclusive, to exclusive, oldest first, this tenant's only.
        HttpResponse<String> jsonl = send("/audit/api/export?format=jsonl&from=" + from + "&to=" + to, auditor);
        assertThat(jsonl.statusCode()).as(jsonl.body()).isEqualTo(200);
        assertThat(jsonl.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<JsonNode> lines = jsonl.body().lines().map(JsonCodec::tree).toList();
        assertThat(lines).extracting(n -> n.path("mutation_id").asText())
                .containsExactly(atFrom.mutationId(), rejected.mutationId());
        assertThat(lines).extracting(n -> n.path("accepted_at").asText())
                .containsExactly(from.toString(), rejectedHeader.acceptedAt().toString());
        String shownReason = "OrderDesk answered 422: " + reason; // as AuditRecord words a rejection
        assertThat(lines.get(1).path("reason").asText()).isEqualTo(shownReason);
        assertThat(lines.get(1).at("/requested/email").asText()).isEqualTo("\"Smith, Jr\"@example.com");
        // Without to, the event accepted at exactly the old to is there too.
        assertThat(send("/audit/api/export?format=jsonl&from=" + from, auditor).body().lines().map(JsonCodec::tree)
                .map(n -> n.path("mutation_id").asText()).toList())
                .containsExactly(atFrom.mutationId(), rejected.mutationId(), atTo.mutationId());

        // CSV: the header, and the rejected event's row read back field by field with an RFC 4180 reader.
        HttpResponse<String> csv = send("/audit/api/export?format=csv&from=" + from + "&to=" + to, auditor);
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<List<String>> records = Rfc4180.parse(csv.body());
        List<String> columns = List.of("global_index", "mutation_id", "tenant_id", "store_id", "order_id", "subject",
                "kind", "outcome", "requested_by", "accepted_at", "completed_at", "attempts", "applied_with", "reason",
                "requested", "sent", "result", "hash");
        assertThat(records).hasSize(3);
        assertThat(records.getFirst()).isEqualTo(columns);
        assertThat(records).allSatisfy(r -> assertThat(r).hasSize(columns.size()));
        assertThat(records.get(1).get(1)).isEqualTo(atFrom.mutationId());
        Map<String, String> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), records.get(2).get(i));
        }
        JsonNode stored = get("/audit/api/mutations/" + rejected.mutationId(), auditor);
        assertThat(row).containsEntry("global_index", stored.path("global_index").asText())
                .containsEntry("mutation_id", rejected.mutationId())
                .containsEntry("tenant_id", "soylent")
                .containsEntry("store_id", "9501")
                .containsEntry("order_id", "9512")
                .containsEntry("kind", "UpdateOrder")
                .containsEntry("outcome", "MutationRejected")
                .containsEntry("requested_by", rejectedHeader.requestedBy())
                .containsEntry("accepted_at", rejectedHeader.acceptedAt().toString())
                .containsEntry("completed_at", rejectedHeader.acceptedAt().plusMillis(40).toString())
                .containsEntry("attempts", "2")
                .containsEntry("applied_with", "")
                .containsEntry("reason", shownReason)
                .containsEntry("hash", stored.path("hash").asText());
        // A rejection has no result: the field is empty (null), where an empty value would be "".
        assertThat(stored.path("result").isNull()).as(stored.toString()).isTrue();
        assertThat(row).containsEntry("result", null);
        assertThat(csv.body()).contains(",2,\"\","); // attempts 2, then applied_with: empty, not missing
        assertThat(JsonCodec.tree(row.get("requested"))).isEqualTo(awkward);
        assertThat(JsonCodec.tree(row.get("requested")).path("email").asText()).isEqualTo("\"Smith, Jr\"@example.com");

        // A format or a bound it does not know: 400 with a JSON error, no stack trace.
        for (String query : List.of("format=xml", "format=csv&from=yesterday", "format=jsonl&to=2026-13-45",
                "from=" + from + "&to=soon", "from=" + to + "&to=" + from)) {
            HttpResponse<String> refused = send("/audit/api/export?" + query, auditor);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).as(query).startsWith("application/json");
            JsonNode error = JsonCodec.tree(refused.body());
            assertThat(error.path("error").asText()).as(query).isEqualTo("bad_request");
            assertThat(error.path("message").asText()).as(query).isNotBlank();
            assertThat(refused.body()).as(query).doesNotContain("Exception").doesNotContain("at com.").doesNotContain("\tat ");
        }
        assertThat(JsonCodec.tree(send("/audit/api/export?format=xml", auditor).body()).path("message").asText())
                .isEqualTo("format must be jsonl or csv");
        // A range given backwards is pointed out, not answered with nothing, by the export and the search.
        for (String path : List.of("/audit/api/export?from=" + to + "&to=" + from, "/audit/api/search?from=" + to + "&to=" + from)) {
            HttpResponse<String> backwards = send(path, auditor);
            assertThat(backwards.statusCode()).as(path).isEqualTo(400);
            assertThat(JsonCodec.tree(backwards.body()).path("message").asText()).as(path)
                    .isEqualTo("from (" + to + ") is after to (" + from + ")");
        }
    }

    /**
     * The export is streamed from PostgreSQL's cursor: the first line of a 20 MB export reaches the client
     * while the export's transaction is still open in PostgreSQL. The client reads through a socket with a
     * small receive buffer and stops after the first line, so the server, blocked by TCP, cannot have
     * produced the rest (at most its send buffer, 4 MB here, is in flight); an export built in memory
     * first would have closed its transaction before sending a byte.
     */
    @Test
    @Order(11)
    void theExportIsStreamedFromTheCursorNotBuiltInMemoryFirst() throws Exception {
        events.createTables();
        String auditor = token("initrode", Role.AUDITOR);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
        int count = 1000;
        String filler = "x".repeat(10_000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String order = "96" + (i % 20);
            ids.add(events.update(header("initrode", "9601", t0.plusMillis(i)), order, json("{'email':'s" + i + "@example.com'}"),
                    json("{'id':'" + order + "','email':'s" + i + "@example.com'}").put("notes", filler)).mutationId());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM front.audit_event WHERE tenant_id = 'initrode'", Long.class) == count);

        try (java.net.Socket socket = new java.net.Socket()) {
            socket.setReceiveBufferSize(8192); // fixed before connecting: no window scaling up to megabytes
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /audit/api/export?format=jsonl HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: Bearer " + auditor + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 1024);
            assertThat(asciiLine(in)).startsWith("HTTP/1.1 200");
            Map<String, String> headers = new java.util.HashMap<>();
            for (String line = asciiLine(in); !line.isEmpty(); line = asciiLine(in)) {
                headers.put(line.substring(0, line.indexOf(':')).toLowerCase(), line.substring(line.indexOf(':') + 1).trim());
            }
            assertThat(headers).containsEntry("transfer-encoding", "chunked").doesNotContainKey("content-length");

            java.io.BufferedReader body = new java.io.BufferedReader(new java.io.InputStreamReader(new Chunked(in),
                    StandardCharsets.UTF_8), 1024);
            assertThat(JsonCodec.tree(body.readLine()).path("mutation_id").asText()).isEqualTo(ids.getFirst());
            assertThat(openExports()).as("the export's cursor is still open when its first line arrives").isEqualTo(1);

            List<String> rest = new ArrayList<>();
            for (String line = body.readLine(); line != null; line = body.readLine()) {
                rest.add(JsonCodec.tree(line).path("mutation_id").asText());
            }
            assertThat(rest).hasSize(count - 1);
            assertThat(rest).isEqualTo(ids.subList(1, count));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openExports() == 0);
    }

    /**
     * Audit queries (the read model joined to the event store) running or with their transaction open in
     * PostgreSQL: only the export reads in a transaction, and no other query runs meanwhile in this test.
     */
    private int openExports() {
        return jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND state IN ('active', 'idle in transaction') "
                + "AND query LIKE '%FROM front.audit_event a LEFT JOIN public.domain_event_entry d%' "
                + "AND pid <> pg_backend_pid()", Integer.class);
    }

    /** One line of an HTTP head, without its CRLF. */
    private static String asciiLine(java.io.InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed in the middle of a line: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** An HTTP/1.1 chunked body (RFC 9112 section 7.1) as a stream; ends at the last chunk, fails if the connection ends first. */
    private static final class Chunked extends java.io.InputStream {
        private final java.io.InputStream in;
        private long left;
        private boolean done;

        Chunked(java.io.InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = asciiLine(in);
                left = Long.parseLong(size.contains(";") ? size.substring(0, size.indexOf(';')) : size, 16);
                if (left == 0) {
                    assertThat(asciiLine(in)).as("no trailers").isEmpty();
                    done = true;
                    return -1;
                }
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read < 0) {
                throw new java.io.EOFException("connection closed inside a chunk");
            }
            left -= read;
            if (left == 0) {
                assertThat(asciiLine(in)).as("a chunk ends with CRLF").isEmpty();
            }
            return read;
        }
    }

    /** Updates {@code from} to {@code to} of store 9001's orders 900-907, as the worker records them; adds their ids. */
    private void store(List<String> ids, int from, int to, Instant t0) {
        for (int i = from; i < to; i++) {
            String order = "90" + (i % 8);
            ids.add(events.update(header("initech", "9001", t0.plusMillis(i)), order, json("{'email':'i" + i + "@example.com'}"),
                    json("{'id':'" + order + "','email':'i" + i + "@example.com'}")).mutationId());
        }
    }

    private McpSyncClient mcp(String token) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                        .endpoint("/mcp")
                        .httpRequestCustomizer((builder, method, endpoint, body, context) ->
                                builder.header("Authorization", "Bearer " + token))
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        return client;
    }

    private static JsonNode structured(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(String.valueOf(result.content())).isFalse();
        return JsonCodec.toTree(result.structuredContent());
    }

    /** Waits until the replay asked for last is done. */
    private void awaitReplayDone(String operator) {
        awaitReplayDone("http://127.0.0.1:" + port, operator);
    }

    /** Waits for the replay of the front at {@code base} to end, and expects it done (a failure says why). */
    private void awaitReplayDone(String base, String operator) {
        Callable<JsonNode> progress = () -> JsonCodec.tree(send(base, "/admin/audit/replay", operator).body());
        JsonNode ended = await().atMost(Duration.ofSeconds(60)).until(progress,
                p -> !p.path("state").asText().equals("replaying"));
        assertThat(ended.path("state").asText()).as(ended.toString()).isEqualTo("done");
    }

    private static boolean holdsSegmentZero(AuditEventStore front) {
        return front.status().stream().anyMatch(status -> status.getSegment().getSegmentId() == 0);
    }

    private long projected() {
        return jdbc.queryForObject("SELECT count(*) FROM front.audit_event", Long.class);
    }

    /** The read model's index definitions. */
    private List<String> indexes() {
        return jdbc.queryForList("SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'front' "
                + "AND tablename = 'audit_event' ORDER BY indexname", String.class);
    }

    /** Every row and column of the read model, in order, as one md5. */
    private String checksum() {
        return jdbc.queryForObject("SELECT md5(string_agg(a::text, '|' ORDER BY global_index)) FROM front.audit_event a",
                String.class);
    }

    private String token(String tenant, Role role) {
        return tenants.issue(tenant, role, "audit test").token();
    }

    private JsonNode get(String path, String token) {
        HttpResponse<String> response = send(path, token);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JsonCodec.tree(response.body());
    }

    private HttpResponse<String> send(String path, String token) {
        return send("http://127.0.0.1:" + port, path, token);
    }

    /** A GET to the front at {@code base}. */
    private HttpResponse<String> send(String base, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        return exchange(token == null ? request : request.header("Authorization", "Bearer " + token));
    }

    private HttpResponse<String> sendPost(String path, String token) {
        return sendPost("http://127.0.0.1:" + port, path, token);
    }

    /** A POST without a body to the front at {@code base}. */
    private HttpResponse<String> sendPost(String base, String path, String token) {
        return exchange(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + token));
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The order 1001 of the timeline test as each update leaves it. */
    private static final class ObjectNodeBuilder {
        com.fasterxml.jackson.databind.node.ObjectNode city(String city) {
            return json("{'id':'1001','email':'c@example.com','shipping':{'city':'" + city + "','street':'Main 1'}}");
        }
    }
}
