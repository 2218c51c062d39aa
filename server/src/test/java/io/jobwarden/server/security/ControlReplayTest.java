package io.jobwarden.server.security;

import static io.jobwarden.server.security.PolicedInstance.SECRET;
import static io.jobwarden.server.security.PolicedInstance.errors;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.server.http.control.ControlSignature;
import io.jobwarden.server.http.jobs.ApiJobPolicy;
import io.jobwarden.store.StoreOptions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A captured, correctly signed {@code /control} request works once: not again on the same node, not after a
 * restart, not on another node sharing the store. Headers are checked before the body is read.
 */
class ControlReplayTest {
    private static final String PG_URL =
            System.getProperty("jobwarden.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = System.getProperty("jobwarden.test.postgres.user", "postgres");
    private static final String PG_PASSWORD = System.getProperty("jobwarden.test.postgres.password", "");

    private final Clock clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
    private final long now = clock.instant().getEpochSecond();

    @TempDir
    Path dir;

    @Test
    void aSignedRequestIsAcceptedOnceAndRefusedAfterARestartOnTheSameStore() {
        String body = "{\"action\":\"pause\"}";
        String sig = ControlSignature.sign(SECRET, now - 3, body);
        try (PolicedInstance first = PolicedInstance.sqlite(dir, ApiJobPolicy.defaults(), List.of(), clock)) {
            assertThat(post(first, body, now - 3, sig).statusCode()).isEqualTo(200);
            first.engine.resumeClaiming();
            assertReplayRefused(first, post(first, body, now - 3, sig));
        }
        try (PolicedInstance restarted = PolicedInstance.sqlite(dir, ApiJobPolicy.defaults(), List.of(), clock)) {
            assertReplayRefused(restarted, post(restarted, body, now - 3, sig));
            assertThat(signed(restarted, "{\"action\":\"pause\"}", now - 2).statusCode())
                    .as("a fresh signature still works")
                    .isEqualTo(200);
        }
    }

    @Test
    void aRequestAcceptedByOneNodeIsRefusedByAnotherOnPostgres() throws Exception {
        String prefix = "jwctl"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT) + "_";
        StoreOptions options = StoreOptions.defaults().withTablePrefix(prefix);
        try (PolicedInstance a = node(options, "node-a");
                PolicedInstance b = node(options, "node-b")) {
            String body = "{\"action\":\"pause\"}";
            String sig = ControlSignature.sign(SECRET, now, body);

            assertThat(post(a, body, now, sig).statusCode()).isEqualTo(200);
            assertReplayRefused(b, post(b, body, now, sig));
            assertThat(a.engine.status().claiming()).isFalse();
        } finally {
            dropTables(prefix);
        }
    }

    @Test
    void headersAreCheckedBeforeTheBodyAndTheBodyIsCapped() {
        try (PolicedInstance live = PolicedInstance.sqlite(dir, ApiJobPolicy.defaults(), List.of(), clock)) {
            String huge = "{\"action\":\"pause\",\"pad\":\"" + "x".repeat(2_000_000) + "\"}";
            HttpResponse<String> unsigned =
                    live.call("POST", "/control", null, huge, "X-Jobwarden-Timestamp", "" + now);
            assertThat(unsigned.statusCode()).isEqualTo(403);
            assertThat(errors(unsigned)).containsExactly("X-Jobwarden-Signature: is required");

            String body = "{\"action\":\"pause\"}";
            HttpResponse<String> form = live.call(
                    "POST",
                    "/control",
                    null,
                    body,
                    "X-Jobwarden-Timestamp",
                    "" + now,
                    "X-Jobwarden-Signature",
                    ControlSignature.sign(SECRET, now, body),
                    "Content-Type",
                    "application/x-www-form-urlencoded");
            assertThat(form.statusCode()).isEqualTo(403);
            assertThat(errors(form)).containsExactly("Content-Type: must be application/json for POST requests");

            String padded = "{\"action\":\"pause\",\"pad\":\"" + "x".repeat(2000) + "\"}";
            HttpResponse<String> large = signed(live, padded, now);
            assertThat(large.statusCode()).isEqualTo(400);
            assertThat(errors(large)).containsExactly("body: is larger than the limit of 1024 bytes");
            assertThat(live.engine.status().claiming()).isTrue();
        }
    }

    private PolicedInstance node(StoreOptions options, String name) {
        return PolicedInstance.start(
                PG_URL, PG_USER, PG_PASSWORD, options, dir, name, ApiJobPolicy.defaults(), List.of(), clock, true);
    }

    private static void assertReplayRefused(PolicedInstance node, HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(errors(r)).containsExactly("X-Jobwarden-Signature: was already used; sign each request afresh");
        assertThat(node.engine.status().claiming()).isTrue();
    }

    private static HttpResponse<String> signed(PolicedInstance node, String body, long timestamp) {
        return post(node, body, timestamp, ControlSignature.sign(SECRET, timestamp, body));
    }

    private static HttpResponse<String> post(PolicedInstance node, String body, long timestamp, String signature) {
        return node.call(
                "POST",
                "/control",
                null,
                body,
                "X-Jobwarden-Timestamp",
                Long.toString(timestamp),
                "X-Jobwarden-Signature",
                signature);
    }

    private static void dropTables(String prefix) throws Exception {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
                Statement s = c.createStatement()) {
            for (String table :
                    List.of("runs", "fires", "jobs", "nodes", "change_mark", "control_used", "schema_history"))
                s.execute("DROP TABLE IF EXISTS " + prefix + table);
        }
    }
}
