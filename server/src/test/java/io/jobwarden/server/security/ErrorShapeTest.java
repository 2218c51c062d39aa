package io.jobwarden.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.server.http.LiveServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals Jetty makes before any route runs still answer in the API's JSON error shape, naming the field. */
class ErrorShapeTest {
    @TempDir
    static Path dir;

    static LiveServer live;

    @BeforeAll
    static void start() {
        live = LiveServer.start(dir);
    }

    @AfterAll
    static void stop() {
        if (live != null) live.close();
    }

    @Test
    void aUriTooLongIs414InJson() {
        RawHttp.Response r = send("GET /api/jobs?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1", null);
        assertThat(r.status()).isEqualTo(414);
        assertErrorShape(r, "path");
    }

    @Test
    void headersTooLargeAre431InJson() {
        RawHttp.Response r = send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "b".repeat(20_000), null);
        assertThat(r.status()).isEqualTo(431);
        assertErrorShape(r, "headers");
    }

    @Test
    void aBadPercentEscapeInThePathIs400InJson() {
        RawHttp.Response r = send("GET /api/jobs/%zz HTTP/1.1\r\nHost: 127.0.0.1", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(field(r)).isNotNull();
    }

    @Test
    void aBadRequestLineIs400InJson() {
        RawHttp.Response r = send("GET /health HTTP/9.9\r\nHost: 127.0.0.1", null);
        assertThat(r.status()).isBetween(400, 505);
        assertThat(json(r).path("errors").isArray()).isTrue();
        RawHttp.Response garbage = send("\u0001\u0002 nonsense\r\nHost: 127.0.0.1", null);
        assertThat(garbage.status()).isEqualTo(400);
        assertErrorShape(garbage, "request");
    }

    @Test
    void aBadHeaderIs400InJson() {
        RawHttp.Response r = send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Name: x", null);
        assertThat(r.status()).isEqualTo(400);
        assertErrorShape(r, "request");
    }

    private static RawHttp.Response send(String head, String body) {
        return RawHttp.exchange(live.server.port(), head, body);
    }

    private static void assertErrorShape(RawHttp.Response r, String field) {
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(field(r)).isEqualTo(field);
        assertThat(json(r).path("errors").get(0).path("message").asText()).isNotBlank();
        assertThat(r.body()).doesNotContainIgnoringCase("jetty").doesNotContain("<html");
    }

    private static String field(RawHttp.Response r) {
        JsonNode errors = json(r).path("errors");
        assertThat(errors.isArray()).as(r.body()).isTrue();
        return errors.get(0).path("field").asText(null);
    }

    private static JsonNode json(RawHttp.Response r) {
        try {
            return new ObjectMapper().readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + r.status() + "): " + r.body(), e);
        }
    }
}
