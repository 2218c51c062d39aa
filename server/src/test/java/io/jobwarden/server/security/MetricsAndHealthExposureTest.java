package io.jobwarden.server.security;

import static io.jobwarden.server.http.LiveServer.VIEWER;
import static io.jobwarden.server.http.LiveServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.HttpSection;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.http.ApiServer;
import io.jobwarden.server.http.LiveServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What {@code /metrics} and {@code /health} give away, and to whom: {@code metrics.auth: viewer} puts metrics behind
 * a viewer token; health details (file paths, the store) go to viewers only once tokens are configured.
 */
class MetricsAndHealthExposureTest {
    @TempDir
    Path dir;

    @Test
    void metricsAuthViewerNeedsAViewerToken() {
        try (LiveServer live =
                LiveServer.start(dir.resolve("m"), s -> s.withMetricsPublic(false), List.of(), List.of())) {
            HttpResponse<String> anonymous = live.get("/metrics", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("jobwarden_");
            assertThat(live.call("HEAD", "/metrics", null, null).statusCode()).isEqualTo(401);
            assertThat(live.get("/metrics", VIEWER).statusCode()).isEqualTo(200);
        }
        try (LiveServer live = LiveServer.start(dir.resolve("p"))) {
            assertThat(live.get("/metrics", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withTokensAnonymousHealthIsStatusOnly() {
        try (LiveServer live = LiveServer.start(dir.resolve("h"))) {
            HttpResponse<String> anonymous = live.get("/health", null);
            assertThat(anonymous.statusCode()).isEqualTo(200);
            assertThat(json(anonymous).path("status").asText()).isEqualTo("UP");
            assertThat(json(anonymous)
                            .path("components")
                            .path("diskSpace")
                            .path("status")
                            .asText())
                    .isEqualTo("UP");
            assertThat(anonymous.body())
                    .doesNotContain("details")
                    .doesNotContain(dir.toString())
                    .doesNotContainIgnoringCase("sqlite");
            assertThat(live.get("/health", "not-a-token-at-all").body()).doesNotContain("details");
            HttpResponse<String> viewer = live.get("/health", VIEWER);
            assertThat(json(viewer)
                            .path("components")
                            .path("diskSpace")
                            .path("details")
                            .path("path")
                            .asText())
                    .contains(dir.toString());
            assertThat(json(viewer)
                            .path("components")
                            .path("store")
                            .path("details")
                            .path("store")
                            .asText())
                    .containsIgnoringCase("sqlite");
        }
    }

    @Test
    void inOpenModeLoopbackCallersSeeHealthDetails() {
        try (LiveServer live = LiveServer.start(dir.resolve("o"), s -> s.withTokens(List.of()), List.of(), List.of())) {
            HttpResponse<String> r = live.get("/health", null);
            assertThat(json(r).path("components")
                            .path("diskSpace")
                            .path("details")
                            .path("path")
                            .asText())
                    .contains(dir.toString());
        }
    }

    @Test
    void tokensOnANetworkBindWithoutTlsLogAWarning() {
        Logger logger = (Logger) LoggerFactory.getLogger(ApiServer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            try (LiveServer live =
                    LiveServer.start(dir.resolve("w"), s -> s.withBind("0.0.0.0"), List.of(), List.of())) {
                assertThat(warnings(appender))
                        .anySatisfy(m -> assertThat(m).contains("bearer tokens would travel in clear text"));
            }
            appender.list.clear();
            try (LiveServer live = LiveServer.start(dir.resolve("l"))) {
                assertThat(warnings(appender)).noneSatisfy(m -> assertThat(m).contains("clear text"));
            }
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void metricsAuthAndAllowedHostsAreReadFromTheConfigFile() {
        ConfigLoader loader = new ConfigLoader(List.of(), Map.of());
        JobwardenConfig config = loader.parse("""
                http: { allowed-hosts: [jobs.example.com, "*.corp.example", 10.0.0.5] }
                metrics: { auth: viewer }
                security: { tokens: [ { name: ops, token: abcdefghijklmnopqrstu, role: viewer } ] }
                """, "jobwarden.yml", dir);
        assertThat(config.http().metricsAuth()).isEqualTo(HttpSection.MetricsAuth.VIEWER);
        assertThat(config.http().allowedHosts()).containsExactly("jobs.example.com", "*.corp.example", "10.0.0.5");
        JobwardenConfig defaults = loader.parse("name: x\n", "jobwarden.yml", dir);
        assertThat(defaults.http().metricsAuth()).isEqualTo(HttpSection.MetricsAuth.NONE);
        assertThat(defaults.http().allowedHosts()).isEmpty();

        assertThatThrownBy(() -> loader.parse("metrics: { auth: everyone }\n", "jobwarden.yml", dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metrics.auth: 'everyone' is not one of none | viewer");
        assertThatThrownBy(() -> loader.parse("metrics: { public: true }\n", "jobwarden.yml", dir))
                .hasMessageContaining("metrics.public");
        assertThatThrownBy(() ->
                        loader.parse("http: { allowed-hosts: [\"evil.example:80\", \"*\"] }\n", "jobwarden.yml", dir))
                .hasMessageContaining("http.allowed-hosts[0]: 'evil.example:80' is not a host name")
                .hasMessageContaining("http.allowed-hosts[1]");
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> appender) {
        return appender.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
