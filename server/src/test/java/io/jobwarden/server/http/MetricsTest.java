package io.jobwarden.server.http;

import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /metrics}: valid Prometheus text whose run counters move as jobs run. */
class MetricsTest extends LiveServerFixture {

    @Test
    void theScrapeIsPrometheusTextWithEngineJvmAndProcessMeters() {
        HttpResponse<String> r = live.get("/metrics", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain").contains("version=0.0.4"));
        PrometheusText m = PrometheusText.parse(r.body());
        assertThat(m.types)
                .containsEntry("jobwarden_queue_depth", "gauge")
                .containsEntry("jobwarden_running_runs", "gauge")
                .containsEntry("jobwarden_supervisor_restarts", "gauge")
                .containsEntry("jobwarden_fire_lateness_seconds", "histogram");
        assertThat(m.value("jobwarden_queue_depth", Map.of())).isGreaterThanOrEqualTo(0);
        assertThat(m.value("jobwarden_running_runs", Map.of())).isGreaterThanOrEqualTo(0);
        assertThat(m.value("jobwarden_supervisor_restarts", Map.of())).isEqualTo(0);
        assertThat(m.value("jobwarden_scheduler_claiming", Map.of())).isEqualTo(1);
        for (String family : new String[] {
            "jvm_memory_used_bytes",
            "jvm_gc_",
            "jvm_threads_live_threads",
            "jvm_classes_loaded_classes",
            "process_uptime_seconds",
            "process_cpu_usage",
            "system_cpu_count",
            "process_files_open_files"
        }) {
            assertThat(m.hasFamilyStartingWith(family)).as(family).isTrue();
        }
    }

    @Test
    void runCountersAndHistogramsMoveAsJobsRun() {
        // queue: the second trigger comes while the first run may still run, and must not be skipped.
        live.call("POST", "/api/jobs", OPERATOR, job("m-ok", "0 0 3 1 1 ?", "\"overlap\":\"queue\""));
        live.call("POST", "/api/jobs", OPERATOR, job("m-bad", "0 0 3 1 1 ?", "\"fail\":true"));
        PrometheusText before = scrape();
        double latenessBefore = before.value("jobwarden_fire_lateness_seconds_count", Map.of());
        assertThat(before.value("jobwarden_runs_total", Map.of("job", "m-ok", "outcome", "succeeded")))
                .isNaN();

        live.call("POST", "/api/jobs/m-ok/trigger", OPERATOR, null);
        live.call("POST", "/api/jobs/m-ok/trigger", OPERATOR, null);
        live.call("POST", "/api/jobs/m-bad/trigger", OPERATOR, null);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusText m = scrape();
            assertThat(m.value("jobwarden_runs_total", Map.of("job", "m-ok", "outcome", "succeeded")))
                    .isEqualTo(2);
            assertThat(m.value("jobwarden_runs_total", Map.of("job", "m-bad", "outcome", "failed")))
                    .isEqualTo(1);
        });
        PrometheusText m = scrape();
        assertThat(m.types)
                .containsEntry("jobwarden_runs_total", "counter")
                .containsEntry("jobwarden_run_duration_seconds", "histogram");
        assertThat(m.value("jobwarden_run_duration_seconds_count", Map.of("job", "m-ok")))
                .isEqualTo(2);
        assertThat(m.value("jobwarden_run_duration_seconds_bucket", Map.of("job", "m-ok", "le", "+Inf")))
                .isEqualTo(2);
        assertThat(m.value("jobwarden_run_duration_seconds_bucket", Map.of("job", "m-ok", "le", "1.0")))
                .isEqualTo(2);
        assertThat(m.value("jobwarden_fire_lateness_seconds_count", Map.of())).isEqualTo(latenessBefore + 3);
        assertThat(m.value("jobwarden_runs_total", Map.of("job", "m-ok", "outcome", "failed")))
                .isNaN();
    }

    @Test
    void theParserRefusesWhatIsNotPrometheusText() {
        assertThatThrownBy(() -> PrometheusText.parse("{\"status\":\"UP\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusText.parse("metric{job=\"x} 1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusText.parse("metric one")).isInstanceOf(NumberFormatException.class);
    }

    private static PrometheusText scrape() {
        HttpResponse<String> r = live.get("/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        return PrometheusText.parse(r.body());
    }
}
