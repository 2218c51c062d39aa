package io.jobwarden.server.http;

import static io.jobwarden.server.http.LiveServer.ADMIN;
import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.SECRET;
import static io.jobwarden.server.http.LiveServer.VIEWER;
import static io.jobwarden.server.http.LiveServer.errors;
import static io.jobwarden.server.http.LiveServer.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobwarden.server.http.auth.ApiToken;
import io.jobwarden.server.http.auth.Role;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bearer tokens and roles on every endpoint, and the rule that an API without tokens stays on loopback. */
class AuthTest extends LiveServerFixture {
    static final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void start() {
        live.call("POST", "/api/jobs", ADMIN, job("guarded", "@every 1h", ""));
    }

    /** Every endpoint under /api with the role it needs. */
    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("GET", "/api/jobs", Role.VIEWER),
                Arguments.of("GET", "/api/jobs/guarded", Role.VIEWER),
                Arguments.of("GET", "/api/jobs/guarded/runs", Role.VIEWER),
                Arguments.of("GET", "/api/runs", Role.VIEWER),
                Arguments.of("GET", "/api/runs/1", Role.VIEWER),
                Arguments.of("GET", "/api/nodes", Role.VIEWER),
                Arguments.of("POST", "/api/jobs", Role.OPERATOR),
                Arguments.of("PUT", "/api/jobs/guarded", Role.OPERATOR),
                Arguments.of("DELETE", "/api/jobs/guarded", Role.OPERATOR),
                Arguments.of("POST", "/api/jobs/guarded/trigger", Role.OPERATOR),
                Arguments.of("POST", "/api/jobs/guarded/pause", Role.OPERATOR),
                Arguments.of("POST", "/api/jobs/guarded/resume", Role.OPERATOR));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void withoutAValidTokenEveryApiEndpointIs401(String method, String path, Role needed) {
        for (String header :
                new String[] {null, "Bearer nope", "Bearer " + VIEWER + "x", "Basic " + VIEWER, "Bearer", VIEWER}) {
            HttpResponse<String> r = header == null
                    ? live.call(method, path, null, body(method))
                    : live.call(method, path, null, body(method), "Authorization", header);
            assertThat(r.statusCode()).as(header).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(errors(r)).singleElement().asString().startsWith("Authorization:");
        }
        assertThat(live.engine.job("guarded")).isPresent();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void aRoleTooLowIs403AndHighEnoughIsLetIn(String method, String path, Role needed) {
        for (Role role : Role.values()) {
            HttpResponse<String> r = live.call(method, path, token(role), body(method));
            if (role.includes(needed)) {
                assertThat(r.statusCode()).as(role + " " + r.body()).isNotIn(401, 403);
                assertThat(r.statusCode()).as(role + " " + r.body()).isLessThan(500);
            } else {
                assertThat(r.statusCode()).as(role.name()).isEqualTo(403);
                assertThat(errors(r))
                        .containsExactly(
                                "Authorization: token 'dashboard' has role viewer; this needs " + needed.configName());
            }
        }
        if (method.equals("DELETE")) live.call("POST", "/api/jobs", ADMIN, job("guarded", "@every 1h", ""));
    }

    @Test
    void healthAndPublicMetricsNeedNoToken() {
        for (String path : List.of("/health", "/health/live", "/health/ready", "/metrics")) {
            assertThat(live.get(path, null).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void tokensAreNeverEchoed() {
        HttpResponse<String> wrong =
                live.call("GET", "/api/jobs", null, null, "Authorization", "Bearer secret-guess-123");
        HttpResponse<String> low = live.call("POST", "/api/jobs", VIEWER, job("x", "@every 1h", ""));

        assertThat(wrong.body()).doesNotContain("secret-guess-123");
        assertThat(low.body()).doesNotContain(VIEWER);
        String settings = HttpSettings.defaults()
                .withTokens(LiveServer.TOKENS)
                .withControlSecret(SECRET)
                .withTls(Path.of("ks.p12"), "kspass")
                .toString();
        assertThat(settings)
                .doesNotContain(VIEWER, OPERATOR, ADMIN, SECRET, "kspass")
                .contains("dashboard", "operator");
    }

    @Test
    void metricsCanRequireAViewerToken(@TempDir Path own) {
        try (LiveServer closed = LiveServer.start(own, s -> s.withMetricsPublic(false), List.of(), List.of())) {
            assertThat(closed.get("/metrics", null).statusCode()).isEqualTo(401);
            assertThat(closed.get("/metrics", VIEWER).statusCode()).isEqualTo(200);
            assertThat(closed.get("/health", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutTokensEveryRequestIsAllowedOnLoopback(@TempDir Path own) {
        try (LiveServer open = LiveServer.start(own, s -> s.withTokens(List.of()), List.of(), List.of())) {
            assertThat(open.call("POST", "/api/jobs", null, job("open-job", "@every 1h", ""))
                            .statusCode())
                    .isEqualTo(201);
            assertThat(open.get("/api/jobs/open-job", null).statusCode()).isEqualTo(200);
            assertThat(open.call("DELETE", "/api/jobs/open-job", "anything", null)
                            .statusCode())
                    .isEqualTo(204);
        }
    }

    @Test
    void withoutTokensANonLoopbackBindIsAStartupError() {
        HttpSettings open = HttpSettings.defaults().withPort(0).withBind("0.0.0.0");
        ApiServer server = new ApiServer(live.engine, open, ControlActions.NONE, live.registry, List.of());

        assertThatThrownBy(server::start)
                .isInstanceOf(HttpStartupException.class)
                .hasMessageContaining("http.bind is 0.0.0.0 but security.tokens is empty")
                .hasMessageContaining("bind to 127.0.0.1");
    }

    @Test
    void withTokensAnyBindIsAllowed() {
        HttpSettings guarded = HttpSettings.defaults()
                .withPort(0)
                .withBind("0.0.0.0")
                .withTokens(List.of(new ApiToken("t", "tok", Role.VIEWER)));
        ApiServer server = new ApiServer(
                        live.engine,
                        guarded,
                        ControlActions.NONE,
                        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT),
                        List.of())
                .start();
        try {
            assertThat(server.port()).isPositive();
            assertThat(server.url().toString()).startsWith("http://127.0.0.1:");
        } finally {
            server.stop();
        }
    }

    @Test
    void aBusyPortIsAClearStartupError() {
        HttpSettings same = HttpSettings.defaults().withPort(live.server.port()).withTokens(LiveServer.TOKENS);
        ApiServer second = new ApiServer(
                live.engine,
                same,
                ControlActions.NONE,
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT),
                List.of());

        assertThatThrownBy(second::start)
                .isInstanceOf(HttpStartupException.class)
                .hasMessageContaining("cannot listen on 127.0.0.1:" + live.server.port());
    }

    private static String token(Role role) {
        return switch (role) {
            case VIEWER -> VIEWER;
            case OPERATOR -> OPERATOR;
            case ADMIN -> ADMIN;
        };
    }

    private static String body(String method) {
        return switch (method) {
            case "POST" -> job("made-" + ids.incrementAndGet(), "@every 1h", "");
            case "PUT" -> job("guarded", "@every 1h", "");
            default -> null;
        };
    }
}
