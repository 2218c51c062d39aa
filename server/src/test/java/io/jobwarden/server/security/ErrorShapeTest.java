package io.jobwarden.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.server.http.LiveServer;
import io.jobwarden.server.http.LiveServerFixture;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Refusals Jetty makes before any route runs still answer in the API's JSON error shape, naming the field; so do the
 * server's own 404, 405, oversized body and too-slow body.
 */
class ErrorShapeTest extends LiveServerFixture {

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

    @Test
    void theServersOwnRefusalsAreJsonToo() {
        String auth = "\r\nAuthorization: Bearer " + LiveServer.ADMIN;
        RawHttp.Response missing = send("GET /no/such/thing HTTP/1.1\r\nHost: 127.0.0.1" + auth, null);
        assertThat(missing.status()).isEqualTo(404);
        assertErrorShape(missing, "path");
        RawHttp.Response method =
                send("PATCH /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json" + auth, "{}");
        assertThat(method.status()).isEqualTo(405);
        assertErrorShape(method, "method");
        String big = "{\"id\":\"big\",\"schedule\":\"@hourly\",\"type\":\"test\",\"description\":\""
                + "x".repeat(70 * 1024) + "\"}";
        RawHttp.Response oversized =
                send("POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json" + auth, big);
        assertThat(oversized.status()).as("an oversized body is bad input").isEqualTo(400);
        assertErrorShape(oversized, "body");
        assertThat(live.engine.jobs()).isEmpty();
    }

    @Test
    void aBodyTooSlowIs408InJson() throws Exception {
        try (Socket s = new Socket("127.0.0.1", live.server.port())) {
            s.setSoTimeout(500);
            String head = "POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + LiveServer.ADMIN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{";
            s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    int b = s.getInputStream().read();
                    if (b < 0) break;
                    answer.write(b);
                } catch (SocketTimeoutException e) {
                    if (answer.size() > 0) break;
                    s.getOutputStream().write(' ');
                }
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith("HTTP/1.1 408");
            assertThat(text).containsIgnoringCase("Content-Type: application/json");
            assertThat(text.substring(text.indexOf("\r\n\r\n") + 4))
                    .isEqualTo("{\"errors\":[{\"field\":\"body\",\"message\":\"arrived too slowly\"}]}");
        }
        assertThat(live.engine.jobs()).isEmpty();
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
