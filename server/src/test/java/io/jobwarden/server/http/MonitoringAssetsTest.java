package io.jobwarden.server.http;

import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard ({@code conf/grafana/}) and the Prometheus alert rules ({@code conf/prometheus/}) the
 * distribution ships select only metrics a real server's {@code /metrics} exposes, and cover what an operator watches:
 * failures per job, lateness, queue depth, running runs, restarts, crash loop, node down.
 */
class MonitoringAssetsTest extends LiveServerFixture {
    static final Path DASHBOARD = Path.of("..", "conf", "grafana", "jobwarden-dashboard.json");
    static final Path ALERTS = Path.of("..", "conf", "prometheus", "jobwarden-alerts.yml");
    /** Series Prometheus writes itself for every scrape target, so no /metrics exposes them. */
    static final Set<String> SCRAPE_SERIES = Set.of("up");

    static Set<String> exposed;

    @BeforeAll
    static void scrapeAfterRuns() {
        // Run meters appear with the first run that ends, so one run succeeds and one fails before the scrape.
        live.call("POST", "/api/jobs", OPERATOR, job("mon-ok", "0 0 3 1 1 ?", ""));
        live.call("POST", "/api/jobs", OPERATOR, job("mon-bad", "0 0 3 1 1 ?", "\"fail\":true"));
        live.call("POST", "/api/jobs/mon-ok/trigger", OPERATOR, null);
        live.call("POST", "/api/jobs/mon-bad/trigger", OPERATOR, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            PrometheusText m = PrometheusText.parse(live.get("/metrics", null).body());
            return m.value("jobwarden_runs_total", Map.of("job", "mon-bad", "outcome", "failed")) == 1
                    && m.value("jobwarden_runs_total", Map.of("job", "mon-ok", "outcome", "succeeded")) == 1;
        });
        PrometheusText m = PrometheusText.parse(live.get("/metrics", null).body());
        exposed = new HashSet<>(m.types.keySet());
        m.samples.forEach(s -> exposed.add(s.name()));
    }

    @Test
    void everyMetricTheDashboardSelectsIsExposed() throws IOException {
        Map<String, Set<String>> byExpression = names(dashboardExpressions());

        assertThat(byExpression).hasSizeGreaterThan(10);
        assertThat(unexposed(byExpression)).isEmpty();
        assertThat(all(byExpression))
                .contains(
                        "jobwarden_runs_total",
                        "jobwarden_fire_lateness_seconds_bucket",
                        "jobwarden_queue_depth",
                        "jobwarden_running_runs",
                        "jobwarden_supervisor_restarts",
                        "up");
    }

    @Test
    void everyMetricTheAlertRulesSelectIsExposed() throws IOException {
        Map<String, Set<String>> byExpression = names(alertExpressions().values());

        assertThat(unexposed(byExpression)).isEmpty();
        assertThat(alertExpressions().keySet())
                .contains(
                        "JobwardenJobFailing",
                        "JobwardenFiresLate",
                        "JobwardenQueueBacklog",
                        "JobwardenWorkerRestarted",
                        "JobwardenCrashLoop",
                        "JobwardenNodeDown");
        assertThat(names(List.of(alertExpressions().get("JobwardenJobFailing"))).values())
                .allSatisfy(n -> assertThat(n).contains("jobwarden_runs_total"));
        assertThat(alertExpressions().get("JobwardenNodeDown")).contains("up{");
    }

    @Test
    void theNameReaderSkipsFunctionsLabelsRangesAndVariables() {
        assertThat(PromQlNames.of("histogram_quantile(0.95, sum by (le, instance) (rate(x_bucket{job=~\"$job\","
                        + "instance=\"a{b}\"}[$__rate_interval]))) > on (instance) group_left y_total offset 5m"))
                .containsExactly("x_bucket", "y_total");
        assertThat(PromQlNames.of("label_values(jobwarden_runs_total, exported_job)"))
                .containsExactly("jobwarden_runs_total");
        assertThat(PromQlNames.of("max(a) >= bool 5 or changes(b[10m]) >= 5 unless c"))
                .containsExactly("a", "b", "c");
        assertThat(PromQlNames.balanced("sum(rate(a{x=\")\"}[5m]))")).isTrue();
        assertThat(PromQlNames.balanced("sum(rate(a[5m))")).isFalse();
    }

    @Test
    void theDashboardIsImportable() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("jobwarden");
        assertThat(dashboard.path("__inputs").get(0).path("pluginId").asText()).isEqualTo("prometheus");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
        }
    }

    @Test
    void promtoolAcceptsTheRulesAndTheDashboardsQueries() throws Exception {
        Path promtool = onPath("promtool");
        Assumptions.assumeTrue(promtool != null, "promtool is not installed; the metric names are checked above");
        assertThat(promtool(promtool, ALERTS)).isEmpty();

        // The panels' queries as recording rules, Grafana's variables replaced by values, so promtool parses them.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (String expr : dashboardExpressions()) {
            if (expr.startsWith("label_values(")) continue;
            String promql = expr.replace("$__rate_interval", "5m")
                    .replace("$scrape_job", "jobwarden")
                    .replace("$instance", ".*")
                    .replace("$job", ".*");
            rules.append("      - record: dashboard_query_")
                    .append(n++)
                    .append("\n        expr: ")
                    .append(new ObjectMapper().writeValueAsString(promql))
                    .append('\n');
        }
        Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, rules);
        assertThat(promtool(promtool, file)).isEmpty();
    }

    /** promtool's complaints about a rule file; empty when it accepts the file. */
    private static String promtool(Path promtool, Path rules) throws Exception {
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", rules.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? "" : out;
    }

    private static List<String> dashboardExpressions() throws IOException {
        List<String> out = new ArrayList<>();
        collect(new ObjectMapper().readTree(DASHBOARD.toFile()), out);
        return out;
    }

    /** Every {@code expr} of a panel target and every templating query, however deeply panels nest. */
    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if ((f.getKey().equals("expr") || f.getKey().equals("definition"))
                        && f.getValue().isTextual()) out.add(f.getValue().asText());
                else collect(f.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    private static Map<String, String> alertExpressions() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode group : new YAMLMapper().readTree(ALERTS.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                out.put(
                        rule.path("alert").asText(rule.path("record").asText()),
                        rule.path("expr").asText());
            }
        }
        return out;
    }

    private static Map<String, Set<String>> names(Iterable<String> expressions) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String e : expressions) {
            assertThat(PromQlNames.balanced(e)).as(e).isTrue();
            Set<String> names = PromQlNames.of(e);
            assertThat(names).as("selects no metric: " + e).isNotEmpty();
            out.put(e, names);
        }
        return out;
    }

    private static Set<String> all(Map<String, Set<String>> byExpression) {
        Set<String> out = new TreeSet<>();
        byExpression.values().forEach(out::addAll);
        return out;
    }

    private static List<String> unexposed(Map<String, Set<String>> byExpression) {
        List<String> out = new ArrayList<>();
        byExpression.forEach((expression, names) -> names.stream()
                .filter(n -> !exposed.contains(n) && !SCRAPE_SERIES.contains(n))
                .forEach(n -> out.add(n + " in " + expression)));
        return out;
    }

    private static Path onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(d, command);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
