package io.jobwarden.server.security;

import static io.jobwarden.server.FileConfiguredInstance.ADMIN;
import static io.jobwarden.server.FileConfiguredInstance.OPERATOR;
import static io.jobwarden.server.FileConfiguredInstance.VIEWER;
import static io.jobwarden.server.FileConfiguredInstance.errors;
import static io.jobwarden.server.FileConfiguredInstance.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.server.FileConfiguredInstance;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/reload} writes the config file's shell jobs to the store, so only an admin may call it, a web page
 * must not be able to (JSON content type, own origin), and a broken file changes nothing. A real worker reading a
 * real file that each test rewrites; every refusal is checked against the store.
 */
class ReloadSecurityTest {
    static final String ORIGINAL = """
                - { id: nightly, schedule: "0 0 3 * * ?", type: shell, command: ["/bin/true"] }
            """;
    static final String CHANGED = """
                - { id: nightly, schedule: "0 0 4 * * ?", type: shell, command: ["/bin/true"] }
                - { id: added, schedule: "0 0 5 * * ?", type: shell, command: ["/bin/true"] }
            """;

    @TempDir
    static Path dir;

    static FileConfiguredInstance guarded;
    static FileConfiguredInstance open;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("guarded"));
        Files.createDirectories(dir.resolve("open"));
        guarded = FileConfiguredInstance.start(dir.resolve("guarded"), true, ORIGINAL);
        open = FileConfiguredInstance.start(dir.resolve("open"), false, ORIGINAL);
    }

    @AfterAll
    static void stop() {
        if (guarded != null) guarded.close();
        if (open != null) open.close();
    }

    @BeforeEach
    void backToTheOriginal() {
        for (FileConfiguredInstance live : new FileConfiguredInstance[] {guarded, open}) {
            live.writeJobs(ORIGINAL);
            assertThat(live.reload(live == guarded ? ADMIN : null).statusCode()).isEqualTo(200);
            assertThat(live.storedSchedules()).isEqualTo(Map.of("nightly", "0 0 3 * * ?"));
            live.writeJobs(CHANGED);
        }
    }

    @Test
    void viewerAndOperatorAre403AndChangeNothingWithoutATokenIts401() {
        for (String token : new String[] {VIEWER, OPERATOR}) {
            HttpResponse<String> r = guarded.reload(token);
            assertThat(r.statusCode()).as(token).isEqualTo(403);
            assertThat(r.body()).contains("admin");
        }
        assertThat(guarded.reload(null).statusCode()).isEqualTo(401);
        assertThat(guarded.reload("not-a-token").statusCode()).isEqualTo(401);
        assertThat(guarded.storedSchedules()).isEqualTo(Map.of("nightly", "0 0 3 * * ?"));
    }

    @Test
    void anAdminReloadsAndAnOpenInstanceLetsEveryLocalCallerReload() {
        HttpResponse<String> r = guarded.reload(ADMIN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("added").toString()).isEqualTo("[\"added\"]");
        assertThat(json(r).path("replaced").toString()).isEqualTo("[\"nightly\"]");
        assertThat(guarded.storedSchedules()).isEqualTo(Map.of("nightly", "0 0 4 * * ?", "added", "0 0 5 * * ?"));

        assertThat(open.reload(null).statusCode()).isEqualTo(200);
        assertThat(open.storedSchedules()).isEqualTo(Map.of("nightly", "0 0 4 * * ?", "added", "0 0 5 * * ?"));
    }

    @Test
    void aNonJsonContentTypeIs403AndAForeignOriginIs403InEveryModeAndNothingChanges() {
        for (FileConfiguredInstance live : new FileConfiguredInstance[] {guarded, open}) {
            String token = live == guarded ? ADMIN : null;
            for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
                HttpResponse<String> r = live.reload(token, "Content-Type", type);
                assertThat(r.statusCode()).as(type).isEqualTo(403);
                assertThat(errors(r)).singleElement().asString().startsWith("Content-Type:");
            }
            for (String origin : new String[] {"http://evil.example", "null", "http://127.0.0.1:1"}) {
                HttpResponse<String> r = live.reload(token, "Origin", origin);
                assertThat(r.statusCode()).as(origin).isEqualTo(403);
                assertThat(errors(r)).singleElement().asString().startsWith("Origin:");
            }
            HttpResponse<String> crossSite = live.reload(token, "Sec-Fetch-Site", "cross-site");
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(live.storedSchedules()).isEqualTo(Map.of("nightly", "0 0 3 * * ?"));
        }
        // Its own origin is no refusal.
        assertThat(guarded.reload(ADMIN, "Origin", guarded.url()).statusCode()).isEqualTo(200);
    }

    @Test
    void aBrokenFileIs400NamingTheFieldAndTheRunningConfigStays() {
        guarded.writeJobs("""
                    - { id: nightly, schedule: "0 0 4 * * ?", type: shell, command: ["/bin/true"] }
                    - { id: other, schedule: "0 0 5 * * ?", type: shell, command: ["/bin/true"] }
                    - { id: broken, schedule: "0 0 61 * * ?", type: shell, command: ["/bin/true"] }
                """);
        HttpResponse<String> r = guarded.reload(ADMIN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(errors(r)).singleElement().asString().startsWith("jobs[2].schedule:");
        assertThat(guarded.storedSchedules()).isEqualTo(Map.of("nightly", "0 0 3 * * ?"));

        guarded.writeRaw("jobs: [ {id: x\n");
        HttpResponse<String> syntax = guarded.reload(ADMIN);
        assertThat(syntax.statusCode()).isEqualTo(400);
        assertThat(json(syntax).path("errors").size()).isPositive();
        assertThat(guarded.storedSchedules()).isEqualTo(Map.of("nightly", "0 0 3 * * ?"));

        // The reload also refuses a job in a group the running worker does not have: it would never get a slot.
        guarded.writeRaw(FileConfiguredInstance.config(true, CHANGED)
                .replace("jobs:", "groups: { batch: { max-concurrent: 2 } }\njobs:")
                .replace("id: added,", "id: added, group: batch,"));
        HttpResponse<String> group = guarded.reload(ADMIN);
        assertThat(group.statusCode()).isEqualTo(400);
        assertThat(errors(group)).singleElement().asString().startsWith("jobs[1].group:");
        assertThat(guarded.storedSchedules()).isEqualTo(Map.of("nightly", "0 0 3 * * ?"));
    }

    @Test
    void theRouteTakesOnlyPost() {
        assertThat(guarded.call("GET", "/api/reload", ADMIN, null).statusCode()).isEqualTo(405);
        assertThat(guarded.storedSchedules()).isEqualTo(Map.of("nightly", "0 0 3 * * ?"));
    }
}
