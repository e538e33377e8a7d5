package com.orderdeskmcp.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.orderdeskmcp.infra.InfrastructureExtension;
import com.orderdeskmcp.infra.TestInfrastructure;
import com.orderdeskmcp.model.json.JsonCodec;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auditors' web page in headless Chromium, on the whole system: three updates of one order's
 * shipping city made through MCP, then what the page shows of them to an auditor of the tenant (search, the order's timeline
 * with each mutation's diff, verify) and to an auditor of another tenant (nothing). A screenshot of
 * the page is kept as {@code infra/local-stack/target/audit-page.png}.
 */
@ExtendWith(InfrastructureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditPageEndToEndTest {

    /** The cities the order gets, in turn; one with markup, which the page must show as text. */
    private static final List<String> CITIES = List.of("Springfield", "Shelbyville <b>&</b>", "Capital City");
    private String originalCity;
    private static final Duration PROJECTION_WAIT = Duration.ofSeconds(60);

    private LocalStack stack;
    private Path target;
    private Chromium chromium;
    private Chromium.Page page;
    private String orderId;
    private final List<String> mutationIds = new ArrayList<>();
    private String auditorToken;
    private String otherAuditorToken;

    @BeforeAll
    void startTheSystemAndUpdateOneOrderThreeTimes(TestInfrastructure infra) throws Exception {
        String jdbcUrl = infra.newDatabase("audit_page");
        Path root = Path.of(System.getProperty("orderdesk.repository-root", "../..")).toAbsolutePath().normalize();
        target = root.resolve("infra/local-stack/target");
        Path work = Files.createDirectories(target.resolve("e2e-audit-page"));
        stack = LocalStack.start(new LocalStack.Options(root, work, 0, 5, false, Map.of(),
                        Map.of("FRONT_MUTATION_WAIT", "30s")),
                new LocalStack.Infrastructure(infra.kafkaBootstrapServers(), jdbcUrl, infra.jdbcUsername(),
                        infra.jdbcPassword()));
        auditorToken = issueToken("{\"tenant\":\"demo\",\"role\":\"auditor\",\"label\":\"audit page\"}");
        otherAuditorToken = issueToken("{\"tenant\":\"elsewhere\",\"role\":\"auditor\"}");

        orderId = stack.sandbox().seedOrders(LocalStack.STORE_ID, 1, 61).iterator().next();
        McpSyncClient agent = connect(stack.token());
        try {
            originalCity = JsonCodec.toTree(agent.callTool(new McpSchema.CallToolRequest("orders_get",
                    Map.of("order_id", orderId), null)).structuredContent()).at("/order/shipping/city").asText();
            assertThat(originalCity).isNotIn(CITIES);
            for (String city : CITIES) {
                McpSchema.CallToolResult result = agent.callTool(new McpSchema.CallToolRequest("orders_update",
                        Map.of("order_id", orderId, "changes", Map.of("shipping", Map.of("city", city))), null));
                JsonNode answer = JsonCodec.toTree(result.structuredContent());
                assertThat(answer.path("status").asText()).as("%s", result.content()).isEqualTo("applied");
                mutationIds.add(answer.path("mutation_id").asText());
            }
        } finally {
            agent.closeGracefully();
        }

        chromium = Chromium.launch(target.resolve("e2e-audit-page/chromium.log"));
        page = chromium.newPage(1280, 900);
        page.navigate(stack.baseUrl() + "/audit/");
    }

    @AfterAll
    void stopTheSystem() {
        if (chromium != null) {
            chromium.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void anUnknownTokenIsRefusedAndTheSignInFormComesBack() {
        assertThat(page.visible("#login")).isTrue();
        assertThat(page.visible("#app")).isFalse();

        signIn("odm_deadbeef_not-a-token");

        await().atMost(Duration.ofSeconds(30)).until(() -> page.visible("#message"));
        assertThat(page.text("#message")).containsIgnoringCase("token refused");
        assertThat(page.visible("#login")).isTrue();
        assertThat(page.visible("#app")).isFalse();
        assertThat(page.evaluate("sessionStorage.length").asInt()).isZero();
    }

    @Test
    @Order(2)
    void theTenantsAuditorFindsTheOrdersMutations() {
        signIn(auditorToken);
        assertThat(page.visible("#app")).isTrue();
        page.type("#search-store", LocalStack.STORE_ID);
        page.type("#search-order", orderId);

        // the read model follows the event store: search until the page lists them all
        await().atMost(PROJECTION_WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(submit("#search-run", "#search")).isEqualTo("ready");
            assertThat(searchRows()).extracting(row -> row.get("mutation")).containsAll(mutationIds);
        });

        List<Map<String, String>> rows = searchRows();
        assertThat(page.text("#search-count")).isEqualTo("Mutations 1–3.");
        assertThat(rows).hasSize(3).allSatisfy(row -> {
            assertThat(row.get("store")).isEqualTo(LocalStack.STORE_ID);
            assertThat(row.get("order")).isEqualTo(orderId);
            assertThat(row.get("kind")).isEqualTo("UpdateOrder");
            assertThat(row.get("outcome")).isEqualTo("OrderMutated");
            assertThat(row.get("requested by")).isNotBlank().isNotEqualTo("—").doesNotContain(stack.token());
            assertThat(row.get("attempts")).matches("[1-9][0-9]*");
            assertThat(row.get("accepted")).isNotEqualTo("—");
            assertThat(row.get("completed")).isNotEqualTo("—");
        });
        // the token stays in this tab's session storage and in headers: never in a URL, never persisted
        assertThat(page.evaluate("sessionStorage.getItem('orderdesk.audit.token')").asText()).isEqualTo(auditorToken);
        assertThat(page.evaluate("localStorage.length + document.cookie.length").asInt()).isZero();
        assertThat(page.evaluate("[location.href, ...performance.getEntriesByType('resource').map(e => e.name)]"
                + ".join(' ')").asText()).contains("/audit/api/search").doesNotContain(auditorToken);
    }

    @Test
    @Order(3)
    void theOrdersTimelineShowsEachMutationWithTheCityBeforeAndAfterInItsDiff() {
        page.click("[data-testid=search-row] [data-testid=result-order]");
        await().atMost(Duration.ofSeconds(30)).until(() -> !"loading".equals(page.attribute("#timeline", "data-state")));

        assertThat(page.attribute("#timeline", "data-state")).as(page.text("#message")).isEqualTo("ready");
        assertThat(page.text("#timeline-title")).isEqualTo("Store " + LocalStack.STORE_ID + ", order " + orderId
                + ": 3 mutations.");
        List<Map<String, String>> events = page.records("[data-testid=timeline-event]",
                "[data-testid=event-mutation-id]", "[data-testid=event-outcome]", "[data-testid=event-kind]",
                "[data-testid=event-requested-by]", "[data-testid=event-attempts]", "[data-testid=event-duration]");
        assertThat(events).extracting(e -> e.get("[data-testid=event-mutation-id]")).containsExactlyElementsOf(mutationIds);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.get("[data-testid=event-outcome]")).isEqualTo("OrderMutated");
            assertThat(event.get("[data-testid=event-kind]")).isEqualTo("UpdateOrder");
            assertThat(event.get("[data-testid=event-requested-by]")).isNotBlank().isNotEqualTo("—");
            assertThat(event.get("[data-testid=event-attempts]")).matches("[1-9][0-9]*");
            assertThat(event.get("[data-testid=event-duration]")).matches("\\d+ ms|\\d+\\.\\d{3} s");
        });

        // Each update's own change, as the worker recorded it when merging: the first one too, although
        // the trail holds no earlier state of the order; what was asked is shown as well.
        assertThat(cityChange(1)).containsExactly("shipping.city", originalCity, CITIES.get(0));
        page.click("#timeline-events > li:nth-child(1) summary");
        assertThat(page.text("#timeline-events > li:nth-child(1) [data-testid=event-requested]"))
                .contains("\"city\": \"Springfield\"");
        assertThat(cityChange(2)).containsExactly("shipping.city", CITIES.get(0), CITIES.get(1));
        assertThat(cityChange(3)).containsExactly("shipping.city", CITIES.get(1), CITIES.get(2));
        // shown as text, not markup: the page made no <b> of the city
        assertThat(page.evaluate("document.querySelectorAll('#timeline-events b').length").asInt()).isZero();
    }

    @Test
    @Order(4)
    void oneMutationsRecordOpensFromTheSearchResults() {
        page.click("[data-testid=search-row] [data-testid=result-mutation]");
        await().atMost(Duration.ofSeconds(30)).until(() -> !"loading".equals(page.attribute("#mutation", "data-state")));

        assertThat(page.attribute("#mutation", "data-state")).as(page.text("#message")).isEqualTo("ready");
        String shown = page.text("#mutation-id");
        assertThat(mutationIds).contains(shown);
        assertThat(page.text("#mutation-record")).contains(shown, orderId);
    }

    @Test
    @Order(5)
    void verifyShowsOkAndThePageIsKeptAsAScreenshot() throws Exception {
        assertThat(submit("#verify-run", "#verify")).as(page.text("#message")).isEqualTo("ready");

        assertThat(page.text("#verify-status")).isEqualTo("OK");
        assertThat(page.text("#verify-summary")).matches("\\d+ events in \\d+ streams checked at .*")
                .contains("0 chain breaks, 0 missing and 0 duplicate terminal events.");
        assertThat(Integer.parseInt(page.text("#verify-summary").split(" ")[0])).isGreaterThanOrEqualTo(3);
        assertThat(page.visible("#verify-details")).isFalse();
        assertThat(page.visible("#message")).isFalse();

        Path screenshot = page.screenshot(target.resolve("audit-page.png"));
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(page.errors()).as("script errors of the page").isEmpty();
    }

    @Test
    @Order(6)
    void theExportLinkSavesTheTenantsMutationsAsJsonLines() throws Exception {
        Path downloads = target.resolve("e2e-audit-page/downloads");
        chromium.allowDownloads(downloads);
        Path saved = downloads.resolve("audit-start-now.jsonl");
        Files.deleteIfExists(saved);
        page.type("#search-from", "");
        page.type("#search-to", "");

        page.click("#export-jsonl");

        await().atMost(Duration.ofSeconds(30)).until(() -> page.visible("#message"));
        assertThat(page.text("#message")).isEqualTo("Export saved as audit-start-now.jsonl.");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(saved));
        List<JsonNode> lines = Files.readAllLines(saved).stream().map(JsonCodec::tree).toList();
        assertThat(lines).extracting(line -> line.path("mutation_id").asText()).containsAll(mutationIds);
        assertThat(lines).allSatisfy(line -> assertThat(line.path("tenant_id").asText()).isEqualTo(LocalStack.TENANT));
    }

    @Test
    @Order(7)
    void anAuditorOfAnotherTenantSeesNoneOfThem() {
        page.click("#sign-out");
        assertThat(page.visible("#login")).isTrue();
        assertThat(page.evaluate("sessionStorage.length").asInt()).isZero();
        assertThat(page.text("body")).doesNotContain(mutationIds.toArray(String[]::new));

        signIn(otherAuditorToken);
        page.type("#search-store", "");
        page.type("#search-order", "");
        assertThat(submit("#search-run", "#search")).as(page.text("#message")).isEqualTo("ready");
        assertThat(searchRows()).isEmpty();
        assertThat(page.text("#search-count")).isEqualTo("No mutations found.");

        page.type("#search-store", LocalStack.STORE_ID);
        page.type("#search-order", orderId);
        assertThat(submit("#search-run", "#search")).isEqualTo("ready");
        assertThat(searchRows()).isEmpty();

        page.type("#timeline-store", LocalStack.STORE_ID);
        page.type("#timeline-order", orderId);
        submit("#timeline-open", "#timeline");
        assertThat(page.texts("[data-testid=timeline-event]")).isEmpty();

        assertThat(page.text("body")).doesNotContain(mutationIds.toArray(String[]::new))
                .doesNotContain("Springfield", "Shelbyville", "Capital City");
        assertThat(page.errors()).as("script errors of the page").isEmpty();
    }

    // --- what the page shows ---

    private void signIn(String token) {
        page.type("#token", token);
        page.click("#sign-in");
    }

    /** Clicks the button and waits until its section has its answer; returns the section's state. */
    private String submit(String button, String section) {
        page.click(button);
        await().atMost(Duration.ofSeconds(30)).until(() -> !"loading".equals(page.attribute(section, "data-state")));
        return page.attribute(section, "data-state");
    }

    private List<Map<String, String>> searchRows() {
        List<String> columns = page.texts("#search-results thead th");
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> cells : cellsOf("#search-rows > tr")) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                row.put(columns.get(i), cells.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The shipping.city row of the diff of the {@code n}th mutation on the timeline: path, before, after. */
    private List<String> cityChange(int n) {
        return cellsOf("#timeline-events > li:nth-child(" + n + ") [data-testid=diff-row]").stream()
                .filter(cells -> cells.getFirst().equals("shipping.city"))
                .findFirst().orElseThrow(() -> new AssertionError("no shipping.city in the diff of mutation " + n + ": "
                        + page.text("#timeline-events > li:nth-child(" + n + ") [data-testid=event-diff]")));
    }

    private List<List<String>> cellsOf(String rowSelector) {
        List<List<String>> rows = new ArrayList<>();
        page.evaluate("[...document.querySelectorAll(" + Chromium.js(rowSelector) + ")]"
                + ".map(row => [...row.cells].map(cell => cell.innerText))").forEach(row -> {
            List<String> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(cell.asText()));
            rows.add(cells);
        });
        return rows;
    }

    // --- the system ---

    private String issueToken(String request) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.baseUrl() + "/admin/tenants"))
                .header("Authorization", "Bearer " + stack.operatorToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JsonCodec.tree(created.body()).path("token").asText();
    }

    private McpSyncClient connect(String token) {
        return McpClients.connect(stack.mcpUrl(), token);
    }
}
