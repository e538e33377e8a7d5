package com.orderdeskmcp.deploycheck;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/grafana/orderdesk.json reads exactly the series listed in infra/grafana/metrics.txt, with the labels
 * listed there; the dashboard covers what operators need; and the app metrics in the list are the ones the
 * apps' Micrometer meters produce.
 */
class DashboardTest {

    /**
     * Series in metrics.txt that no meter in the apps' sources produces yet (none: keep it that way).
     */
    private static final Set<String> PENDING_IN_APPS = Set.of();

    /** Labels Prometheus adds to every scraped series. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    record Listed(String metric, String app, Set<String> labels) {
    }

    private static JsonNode dashboard;
    private static Map<String, Listed> listed;
    private static List<String> expressions;

    @BeforeAll
    static void load() {
        dashboard = JsonMapper.builder().build().readTree(Repo.read("infra/grafana/orderdesk.json"));
        listed = new LinkedHashMap<>();
        for (String line : Repo.read("infra/grafana/metrics.txt").lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            assertThat(fields.length).as("metrics.txt line '%s': name app [labels...]", line).isGreaterThanOrEqualTo(2);
            assertThat(fields[1]).as("app of %s", fields[0]).isIn("worker", "front");
            assertThat(listed.put(fields[0], new Listed(fields[0], fields[1],
                    new LinkedHashSet<>(List.of(fields).subList(2, fields.length))))).as("%s listed twice", fields[0]).isNull();
        }
        expressions = new ArrayList<>();
        collectExpressions(dashboard.path("panels"), expressions);
    }

    private static void collectExpressions(JsonNode panels, List<String> into) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                into.add(target.path("expr").asString());
            }
            collectExpressions(panel.path("panels"), into);
        }
    }

    private static List<JsonNode> allPanels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*(?:\\{[^}]*})?\\s*,\\s*(\\w+)\\s*\\)");

    @Test
    void everyExpressionReadsOnlyListedSeriesWithListedLabels() {
        assertThat(expressions).as("PromQL expressions in the dashboard").hasSizeGreaterThan(10);
        for (String expression : expressions) {
            PromQl.Parsed parsed = PromQl.parse(expression);
            assertThat(parsed.selectors()).as("series read by %s", expression).isNotEmpty();
            Set<String> available = new HashSet<>(TARGET_LABELS);
            for (PromQl.Selector selector : parsed.selectors()) {
                Listed entry = listed.get(selector.metric());
                assertThat(entry).as("%s (in %s) is not in infra/grafana/metrics.txt", selector.metric(), expression)
                        .isNotNull();
                assertThat(entry.labels()).as("labels of %s matched in %s", selector.metric(), expression)
                        .containsAll(selector.labels());
                available.addAll(entry.labels());
            }
            assertThat(available).as("labels grouped by in %s", expression).containsAll(parsed.groupingLabels());
        }
    }

    @Test
    void templateVariablesReadOnlyListedSeries() {
        int queries = 0;
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!variable.path("type").asString().equals("query")) {
                continue;
            }
            String query = variable.path("query").isObject() ? variable.path("query").path("query").asString()
                    : variable.path("query").asString();
            Matcher m = LABEL_VALUES.matcher(query);
            assertThat(m.matches()).as("variable %s: label_values(metric, label) expected, got %s",
                    variable.path("name").asString(), query).isTrue();
            assertThat(listed).as("variable %s reads %s", variable.path("name").asString(), m.group(1))
                    .containsKey(m.group(1));
            assertThat(listed.get(m.group(1)).labels()).contains(m.group(2));
            queries++;
        }
        assertThat(queries).isPositive();
    }

    @Test
    void everyListedSeriesIsUsed() {
        Set<String> used = new TreeSet<>();
        expressions.forEach(e -> used.addAll(PromQl.parse(e).metrics()));
        assertThat(used).as("metrics.txt lists exactly the series the dashboard reads")
                .containsExactlyInAnyOrderElementsOf(listed.keySet());
    }

    @Test
    void coversWhatOperatorsWatch() {
        // what (a series, and the grouping it is shown by) -> why
        assertUsed("orderdesk_mutations_completed_total", "outcome", "mutation rate and outcomes");
        assertUsed("kafka_consumer_fetch_manager_records_lag_max", "partition", "consumer lag per partition");
        assertUsed("orderdesk_mutation_calls_sum", "kind", "retries (calls per mutation)");
        assertUsed("orderdesk_ratelimit_wait_seconds_sum", null, "rate-limit waits");
        assertUsed("orderdesk_mutation_latency_seconds_bucket", "le", "end-to-end latency percentiles");
        assertUsed("orderdesk_cache_gets_total", null, "cache hit ratio");
        assertUsed("orderdesk_upstream_requests_seconds_count", "status", "upstream status codes");
        assertUsed("orderdesk_upstream_requests_seconds_sum", "method", "upstream latency");
        // The consumer-lag panels look at the command topic, whichever way Kafka spells it in its metric tags.
        assertThat(expressions.stream().filter(e -> e.contains("kafka_consumer_fetch_manager_records_lag_max")))
                .allSatisfy(e -> assertThat(e).contains("topic=~\"orderdesk[._]mutation-commands[._]v1\""));
    }

    private static void assertUsed(String metric, String groupedBy, String why) {
        assertThat(expressions).as("a panel for %s using %s%s", why, metric, groupedBy == null ? "" : " by " + groupedBy)
                .anySatisfy(e -> {
                    PromQl.Parsed parsed = PromQl.parse(e);
                    assertThat(parsed.metrics()).contains(metric);
                    if (groupedBy != null) {
                        assertThat(parsed.groupingLabels()).contains(groupedBy);
                    }
                });
    }

    @Test
    void panelsAreWellFormed() {
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        assertThat(dashboard.path("title").asString()).isNotBlank();
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : allPanels()) {
            String title = panel.path("title").asString();
            assertThat(ids.add(panel.path("id").asInt())).as("panel id of %s is unique", title).isTrue();
            assertThat(title).as("panel %s has a title", panel.path("id").asInt()).isNotBlank();
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt();
            int y = grid.path("y").asInt();
            int w = grid.path("w").asInt();
            int h = grid.path("h").asInt();
            assertThat(w).as("width of %s", title).isPositive();
            assertThat(h).as("height of %s", title).isPositive();
            assertThat(x + w).as("%s fits in 24 columns", title).isLessThanOrEqualTo(24);
            for (int[] other : boxes) {
                boolean overlaps = x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3] && other[1] < y + h;
                assertThat(overlaps).as("%s overlaps another panel", title).isFalse();
            }
            boxes.add(new int[] {x, y, w, h});
            if (!panel.path("type").asString().equals("row")) {
                assertThat(panel.path("targets").isEmpty()).as("%s has queries", title).isFalse();
                assertThat(panel.path("datasource").path("uid").asString()).as("%s uses the datasource variable", title)
                        .isEqualTo("${datasource}");
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
                }
            }
        }
    }

    // --- the list against the apps' Micrometer meters -----------------------------------------------------

    private static final Pattern METER = Pattern.compile(
            "\\b(Timer|Counter|FunctionCounter|DistributionSummary|Gauge|TimeGauge|FunctionTimer)\\.builder\\(\\s*\"([^\"]+)\""
                    + "|\\.(timer|counter|summary|gauge)\\(\\s*\"([^\"]+)\"");

    /** The Prometheus series Micrometer makes of the meters registered in an app's sources. */
    private static Set<String> seriesFromSources(List<String> modules) {
        Set<String> series = new TreeSet<>();
        for (String module : modules) {
            for (Path file : Repo.javaSources(module)) {
                Matcher m = METER.matcher(Repo.read(file));
                while (m.find()) {
                    String type = m.group(1) != null ? m.group(1) : m.group(3);
                    String name = (m.group(2) != null ? m.group(2) : m.group(4)).replace('.', '_');
                    switch (type) {
                        case "Timer", "timer", "FunctionTimer" -> {
                            for (String suffix : List.of("_count", "_sum", "_max", "_bucket")) {
                                series.add(name + "_seconds" + suffix);
                            }
                        }
                        case "DistributionSummary", "summary" -> {
                            for (String suffix : List.of("_count", "_sum", "_max", "_bucket")) {
                                series.add(name + suffix);
                            }
                        }
                        case "Counter", "counter", "FunctionCounter" -> series.add(name.endsWith("_total") ? name : name + "_total");
                        case "TimeGauge" -> series.add(name + "_seconds");
                        default -> series.add(name);
                    }
                }
            }
        }
        return series;
    }

    @Test
    void ownSeriesComeFromMetersInTheApps() {
        Set<String> worker = seriesFromSources(List.of("mutation-worker", "shared-model"));
        Set<String> front = seriesFromSources(List.of("mcp-front", "shared-model"));
        for (Listed entry : listed.values()) {
            if (!entry.metric().startsWith("orderdesk_") || PENDING_IN_APPS.contains(entry.metric())) {
                continue;
            }
            Set<String> produced = entry.app().equals("worker") ? worker : front;
            assertThat(produced).as("%s (listed for %s) is made by a Micrometer meter in the %s sources",
                    entry.metric(), entry.app(), entry.app()).contains(entry.metric());
        }
    }
}
