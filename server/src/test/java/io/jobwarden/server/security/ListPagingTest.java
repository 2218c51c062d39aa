package io.jobwarden.server.security;

import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.VIEWER;
import static io.jobwarden.server.http.LiveServer.errors;
import static io.jobwarden.server.http.LiveServer.job;
import static io.jobwarden.server.http.LiveServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.server.http.LiveServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Listings are bounded pages: jobs by id with an {@code after} cursor, runs newest first with a {@code before}
 * cursor, at most 500 a page, and run items without output and stack trace (only {@code GET /api/runs/{runId}}
 * carries them); the store's listing query does not read them.
 */
class ListPagingTest extends LiveServerFixture {

    @BeforeAll
    static void start() {
        for (int i = 1; i <= 7; i++) {
            assertThat(live.call("POST", "/api/jobs", OPERATOR, job("job-" + i, "0 0 3 1 1 ?", ""))
                            .statusCode())
                    .isEqualTo(201);
        }
        live.call(
                "POST",
                "/api/jobs",
                OPERATOR,
                job("noisy", "0 0 3 1 1 ?", "\"fail\":true,\"output\":\"" + "x".repeat(5000) + "\""));
        // One at a time: a trigger while the previous run still runs is an overlap, SKIPPED without an error.
        for (int i = 1; i <= 3; i++) {
            live.call("POST", "/api/jobs/noisy/trigger", OPERATOR, "");
            long ended = i;
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> live.engine.runs("noisy", 10, null).stream()
                                    .filter(r -> r.state().name().equals("FAILED"))
                                    .count()
                            == ended);
        }
    }

    @Test
    void jobsPageByIdWithAnAfterCursor() {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = json(live.get("/api/jobs?limit=3" + (after == null ? "" : "&after=" + after), VIEWER));
            assertThat(page.path("jobs").size()).isBetween(1, 3);
            page.path("jobs").forEach(j -> seen.add(j.path("id").asText()));
            after = page.path("nextAfter").isNull()
                    ? null
                    : page.path("nextAfter").asText();
            pages++;
        } while (after != null && pages < 10);
        assertThat(seen).containsExactly("job-1", "job-2", "job-3", "job-4", "job-5", "job-6", "job-7", "noisy");
        assertThat(pages).isEqualTo(3);
        JsonNode all = json(live.get("/api/jobs", VIEWER));
        assertThat(all.path("jobs").size()).isEqualTo(8);
        assertThat(all.path("nextAfter").isNull()).isTrue();
        assertThat(all.path("jobs").get(7).path("lastRun").has("output")).isFalse();
    }

    @Test
    void badPagingParametersAre400NamingTheField() {
        assertThat(errors(live.get("/api/jobs?limit=501", VIEWER)))
                .singleElement()
                .asString()
                .startsWith("limit:");
        assertThat(errors(live.get("/api/jobs?limit=0", VIEWER)))
                .singleElement()
                .asString()
                .startsWith("limit:");
        assertThat(errors(live.get("/api/jobs?after=..%2Fx", VIEWER)))
                .singleElement()
                .asString()
                .startsWith("after:");
        assertThat(errors(live.get("/api/runs?limit=501", VIEWER)))
                .singleElement()
                .asString()
                .startsWith("limit:");
        assertThat(errors(live.get("/api/runs?before=0", VIEWER)))
                .singleElement()
                .asString()
                .startsWith("before:");
        assertThat(errors(live.get("/api/jobs/noisy/runs?limit=abc", VIEWER)))
                .singleElement()
                .asString()
                .startsWith("limit:");
        assertThat(live.get("/api/runs?limit=500", VIEWER).statusCode()).isEqualTo(200);
    }

    @Test
    void runListingsLeaveOutOutputAndStackTraceAndCarryTheErrorsFirstLine() {
        for (String path : List.of("/api/jobs/noisy/runs?limit=2", "/api/runs?limit=2")) {
            JsonNode page = json(live.get(path, VIEWER));
            assertThat(page.path("runs").size()).isEqualTo(2);
            for (JsonNode run : page.path("runs")) {
                assertThat(run.has("output")).isFalse();
                assertThat(run.has("error")).isFalse();
                assertThat(run.path("errorSummary").asText())
                        .contains("scripted failure")
                        .doesNotContain("\n");
            }
            long cursor = page.path("nextBefore").asLong();
            JsonNode older = json(live.get(path + "&before=" + cursor, VIEWER));
            assertThat(older.path("runs").size()).isEqualTo(1);
        }
        long runId = json(live.get("/api/runs?limit=1", VIEWER))
                .path("runs")
                .get(0)
                .path("runId")
                .asLong();
        JsonNode full = json(live.get("/api/runs/" + runId, VIEWER));
        assertThat(full.path("output").asText()).contains("xxxxx");
        assertThat(full.path("error").asText()).contains("scripted failure");
    }

    @Test
    void theStoresListingQueryReadsNoOutput() {
        List<RunRecord> summaries = live.store.runSummaries("noisy", 10, null, 20);
        assertThat(summaries).hasSize(3).allSatisfy(r -> {
            assertThat(r.output()).isNull();
            assertThat(r.error()).isNotEmpty().hasSizeLessThanOrEqualTo(20);
        });
        assertThat(live.store.runSummaries(null, 10, null, 0))
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.error()).isNull());
        assertThat(live.store.runSummaries(null, 2, summaries.get(1).runId(), 0))
                .singleElement()
                .satisfies(r -> assertThat(r.runId()).isEqualTo(summaries.get(2).runId()));
    }
}
