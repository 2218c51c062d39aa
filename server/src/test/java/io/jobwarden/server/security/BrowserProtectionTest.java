package io.jobwarden.server.security;

import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.VIEWER;
import static io.jobwarden.server.http.LiveServer.errors;
import static io.jobwarden.server.http.LiveServer.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.server.http.LiveServer;
import io.jobwarden.server.http.health.Health;
import io.jobwarden.server.http.health.HealthContributor;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A web page in the operator's browser must not be able to drive the API: not by a cross-site "simple" request
 * (form or text/plain bodies), not from a foreign origin, not by DNS rebinding, not by a method-override header.
 * Each refusal is checked for its status and for leaving the state as it was: no job created, changed or deleted,
 * no run started. Open mode (no tokens, as README starts it) and token mode both.
 */
class BrowserProtectionTest {
    @TempDir
    static Path dir;

    static LiveServer open;
    static LiveServer guarded;
    static LiveServer hosts;
    static final AtomicBoolean healthDown = new AtomicBoolean();

    @BeforeAll
    static void start() {
        HealthContributor flaky = HealthContributor.of(
                "flaky", true, () -> healthDown.get() ? Health.down(Map.of()) : Health.up(Map.of()));
        open = LiveServer.start(dir.resolve("open"), s -> s.withTokens(List.of()), List.of(flaky), List.of());
        guarded = LiveServer.start(dir.resolve("guarded"), s -> s, List.of(flaky), List.of());
        hosts = LiveServer.start(
                dir.resolve("hosts"),
                s -> s.withAllowedHosts(List.of("jobs.example.com", "*.corp.example")),
                List.of(),
                List.of());
        for (LiveServer live : List.of(open, guarded, hosts)) {
            assertThat(live.call("POST", "/api/jobs", OPERATOR, job("target", "@every 1h", ""))
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        for (LiveServer live : new LiveServer[] {open, guarded, hosts}) if (live != null) live.close();
    }

    private static LiveServer server(boolean withTokens) {
        return withTokens ? guarded : open;
    }

    private static String token(boolean withTokens) {
        return withTokens ? OPERATOR : null;
    }

    @ParameterizedTest(name = "tokens={0}")
    @ValueSource(booleans = {false, true})
    void aStateChangeWithoutAJsonContentTypeIs403AndChangesNothing(boolean withTokens) {
        LiveServer live = server(withTokens);
        String body = job("evil", "@every 1s", "");
        for (String type : List.of(
                "text/plain",
                "text/plain;charset=UTF-8",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/jsonx",
                "text/json")) {
            HttpResponse<String> r = live.call("POST", "/api/jobs", token(withTokens), body, "Content-Type", type);
            assertThat(r.statusCode()).as(type).isEqualTo(403);
            assertThat(errors(r)).singleElement().asString().startsWith("Content-Type:");
            assertThat(live.call("POST", "/api/jobs/target/trigger", token(withTokens), "", "Content-Type", type)
                            .statusCode())
                    .as(type)
                    .isEqualTo(403);
            assertThat(live.call("POST", "/api/jobs/target/pause", token(withTokens), "", "Content-Type", type)
                            .statusCode())
                    .isEqualTo(403);
            assertThat(live.call("DELETE", "/api/jobs/target", token(withTokens), null, "Content-Type", type)
                            .statusCode())
                    .isEqualTo(403);
            assertThat(live.call("PUT", "/api/jobs/target", token(withTokens), body, "Content-Type", type)
                            .statusCode())
                    .isEqualTo(403);
        }
        // No Content-Type at all, as a browser's no-cors fetch with a Blob body sends it.
        String auth = withTokens ? "\r\nAuthorization: Bearer " + OPERATOR : "";
        RawHttp.Response none = RawHttp.exchange(port(live), "POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1" + auth, body);
        assertThat(none.status()).isEqualTo(403);
        assertThat(RawHttp.exchange(port(live), "POST /api/jobs/target/trigger HTTP/1.1\r\nHost: 127.0.0.1" + auth, "")
                        .status())
                .isEqualTo(403);
        assertUnchanged(live);
    }

    @ParameterizedTest(name = "tokens={0}")
    @ValueSource(booleans = {false, true})
    void jsonWithACharsetIsAccepted(boolean withTokens) {
        LiveServer live = server(withTokens);
        HttpResponse<String> r = live.call(
                "POST",
                "/api/jobs",
                token(withTokens),
                job("charset-" + withTokens, "@every 1h", ""),
                "Content-Type",
                "Application/JSON; charset=utf-8");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(live.call("DELETE", "/api/jobs/charset-" + withTokens, token(withTokens), null)
                        .statusCode())
                .isEqualTo(204);
    }

    @ParameterizedTest(name = "tokens={0}")
    @ValueSource(booleans = {false, true})
    void aForeignOriginIs403AndChangesNothing(boolean withTokens) {
        LiveServer live = server(withTokens);
        for (String origin : List.of(
                "https://evil.example",
                "null",
                "http://127.0.0.1:" + (port(live) + 1),
                "https://127.0.0.1:" + port(live),
                "http://localhost:" + port(live))) {
            HttpResponse<String> r =
                    live.call("POST", "/api/jobs", token(withTokens), job("evil", "@every 1s", ""), "Origin", origin);
            assertThat(r.statusCode()).as(origin).isEqualTo(403);
            assertThat(errors(r)).singleElement().asString().startsWith("Origin:");
            assertThat(live.call("POST", "/api/jobs/target/trigger", token(withTokens), "", "Origin", origin)
                            .statusCode())
                    .isEqualTo(403);
            assertThat(live.call("GET", "/api/jobs", token(withTokens), null, "Origin", origin)
                            .statusCode())
                    .isEqualTo(403);
        }
        assertUnchanged(live);
        // The dashboard's own origin passes.
        assertThat(live.call("GET", "/api/jobs", token(withTokens), null, "Origin", "http://127.0.0.1:" + port(live))
                        .statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "tokens={0}")
    @ValueSource(booleans = {false, true})
    void crossSiteFetchMetadataIs403ForWritesAndReads(boolean withTokens) {
        LiveServer live = server(withTokens);
        for (String site : List.of("cross-site", "same-site", "Cross-Site")) {
            HttpResponse<String> r = live.call(
                    "POST", "/api/jobs", token(withTokens), job("evil", "@every 1s", ""), "Sec-Fetch-Site", site);
            assertThat(r.statusCode()).as(site).isEqualTo(403);
            assertThat(errors(r)).singleElement().asString().startsWith("Sec-Fetch-Site:");
            assertThat(live.call("POST", "/api/jobs/target/trigger", token(withTokens), "", "Sec-Fetch-Site", site)
                            .statusCode())
                    .isEqualTo(403);
        }
        assertThat(live.call("GET", "/api/jobs", token(withTokens), null, "Sec-Fetch-Site", "cross-site")
                        .statusCode())
                .isEqualTo(403);
        assertThat(live.call("GET", "/health", null, null, "Sec-Fetch-Site", "cross-site")
                        .statusCode())
                .isEqualTo(403);
        assertUnchanged(live);
        for (String site : List.of("same-origin", "none")) {
            assertThat(live.call("GET", "/api/jobs", token(withTokens), null, "Sec-Fetch-Site", site)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void inOpenModeAForeignHostIs403EvenForReads() {
        int port = port(open);
        for (String host : List.of(
                "evil.example",
                "evil.example:" + port,
                "127.0.0.1.evil.example",
                "localhost.evil.example",
                "10.0.0.1",
                "[::2]")) {
            RawHttp.Response read = RawHttp.exchange(port, "GET /api/jobs HTTP/1.1\r\nHost: " + host, null);
            assertThat(read.status()).as(host).isEqualTo(403);
            assertThat(read.body()).contains("\"field\":\"Host\"");
            assertThat(RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: " + host, null)
                            .status())
                    .isEqualTo(403);
            RawHttp.Response write = RawHttp.exchange(
                    port,
                    "POST /api/jobs HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json",
                    job("evil", "@every 1s", ""));
            assertThat(write.status()).isEqualTo(403);
        }
        assertUnchanged(open);
        for (String host :
                List.of("localhost:" + port, "127.0.0.1:" + port, "127.1.2.3", "[::1]:" + port, "LOCALHOST")) {
            assertThat(RawHttp.exchange(port, "GET /api/jobs HTTP/1.1\r\nHost: " + host, null)
                            .status())
                    .as(host)
                    .isEqualTo(200);
        }
    }

    @Test
    void withTokensAnyHostIsAnsweredUnlessAllowedHostsIsSet() {
        RawHttp.Response any = RawHttp.exchange(
                port(guarded),
                "GET /api/jobs HTTP/1.1\r\nHost: jobs.elsewhere.example\r\nAuthorization: Bearer " + VIEWER,
                null);
        assertThat(any.status()).isEqualTo(200);

        int port = port(hosts);
        for (String host : List.of("evil.example", "corp.example", "jobs.example.com.evil.example")) {
            RawHttp.Response r = RawHttp.exchange(
                    port, "GET /api/jobs HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + VIEWER, null);
            assertThat(r.status()).as(host).isEqualTo(403);
        }
        for (String host : List.of("jobs.example.com", "JOBS.example.com:" + port, "a.corp.example", "127.0.0.1")) {
            RawHttp.Response r = RawHttp.exchange(
                    port, "GET /api/jobs HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + VIEWER, null);
            assertThat(r.status()).as(host).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "tokens={0}")
    @ValueSource(booleans = {false, true})
    void methodOverrideHeadersAreIgnored(boolean withTokens) {
        LiveServer live = server(withTokens);
        for (String header : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
            HttpResponse<String> r = live.call("GET", "/api/jobs/target", token(withTokens), null, header, "DELETE");
            assertThat(r.statusCode()).isEqualTo(200);
            HttpResponse<String> post =
                    live.call("POST", "/api/jobs/target/pause", token(withTokens), "", header, "DELETE");
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(live.call("POST", "/api/jobs/target/resume", token(withTokens), "")
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<String> viaPost =
                    live.call("POST", "/api/jobs/target", token(withTokens), "{}", header, "DELETE");
            assertThat(viaPost.statusCode()).isEqualTo(405);
        }
        assertThat(live.engine.job("target")).isPresent();
    }

    @Test
    void headAnswersAsGetWouldWithoutABody() {
        HttpResponse<String> anonymous = guarded.call("HEAD", "/api/jobs", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEmpty();
        assertThat(guarded.call("HEAD", "/api/jobs", VIEWER, null).statusCode()).isEqualTo(200);
        assertThat(guarded.call("HEAD", "/api/jobs/missing", VIEWER, null).statusCode())
                .isEqualTo(404);
        assertThat(open.call("HEAD", "/api/jobs", null, null).statusCode()).isEqualTo(200);
        assertThat(guarded.call("HEAD", "/health", null, null).statusCode()).isEqualTo(200);
        healthDown.set(true);
        try {
            for (LiveServer live : List.of(open, guarded)) {
                HttpResponse<String> down = live.call("HEAD", "/health", null, null);
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).isEmpty();
                assertThat(live.call("GET", "/health", null, null).statusCode()).isEqualTo(503);
            }
        } finally {
            healthDown.set(false);
        }

        RawHttp.Response rebound = RawHttp.exchange(port(open), "HEAD /api/jobs HTTP/1.1\r\nHost: evil.example", null);
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).isEmpty();
    }

    @Test
    void controlTooNeedsJsonAndItsOwnOrigin() {
        for (LiveServer live : List.of(open, guarded)) {
            HttpResponse<String> plain =
                    live.call("POST", "/control", null, "{\"action\":\"pause\"}", "Content-Type", "text/plain");
            assertThat(plain.statusCode()).isEqualTo(403);
            assertThat(errors(plain)).singleElement().asString().startsWith("Content-Type:");
            // Refused by the origin check itself, before the signature is looked at.
            HttpResponse<String> foreign =
                    live.call("POST", "/control", null, "{\"action\":\"pause\"}", "Origin", "https://evil.example");
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(errors(foreign)).singleElement().asString().startsWith("Origin:");
        }
    }

    /** The job "target" exists, unpaused, with no run, and no other job was created. */
    private static void assertUnchanged(LiveServer live) {
        assertThat(live.engine.job("evil")).isEmpty();
        assertThat(live.engine.job("target"))
                .hasValueSatisfying(j -> assertThat(j.paused()).isFalse());
        assertThat(live.engine.runs("target", 10, null)).isEmpty();
    }

    private static int port(LiveServer live) {
        return live.server.port();
    }
}
