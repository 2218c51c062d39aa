package io.jobwarden.server.http;

import static io.jobwarden.server.http.LiveServer.ADMIN;
import static io.jobwarden.server.http.LiveServer.OPERATOR;
import static io.jobwarden.server.http.LiveServer.VIEWER;
import static io.jobwarden.server.http.LiveServer.errors;
import static io.jobwarden.server.http.LiveServer.job;
import static io.jobwarden.server.http.LiveServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The job registry over a real engine and SQLite store: every endpoint, its answers and its refusals. */
class JobApiTest extends LiveServerFixture {

    @Test
    void aPostedJobIsStoredScheduledListedAndDeleted() {
        HttpResponse<String> created = live.call(
                "POST",
                "/api/jobs",
                OPERATOR,
                job(
                        "nightly",
                        "0 0 3 * * ?",
                        "\"zone\":\"UTC\",\"timeout\":\"10m\",\"retry\":{\"max\":2,\"backoff\":\"30s\"},\"output\":\"hi\""));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/jobs/nightly");
        JsonNode view = json(created);
        assertThat(view.path("id").asText()).isEqualTo("nightly");
        assertThat(view.path("origin").asText()).isEqualTo("api");
        assertThat(view.path("paused").asBoolean()).isFalse();
        assertThat(view.path("lastRun").isNull()).isTrue();
        assertThat(view.path("scheduleDescription").asText()).isNotBlank();
        JsonNode def = view.path("definition");
        assertThat(def.path("schedule").asText()).isEqualTo("0 0 3 * * ?");
        assertThat(def.path("zone").asText()).isEqualTo("UTC");
        assertThat(def.path("timeout").asText()).isEqualTo("10m");
        assertThat(def.path("retry").path("max").asInt()).isEqualTo(2);
        assertThat(def.path("output").asText()).isEqualTo("hi");
        Instant next = Instant.parse(view.path("nextFireAt").asText());
        assertThat(next.atZone(java.time.ZoneOffset.UTC).getHour()).isEqualTo(3);
        List<Instant> fires = new ArrayList<>();
        view.path("nextFires").forEach(t -> fires.add(Instant.parse(t.asText())));
        assertThat(fires).hasSize(5).startsWith(next).isSorted().doesNotHaveDuplicates();
        assertThat(Duration.between(fires.get(0), fires.get(1))).isEqualTo(Duration.ofDays(1));
        assertThat(live.engine.job("nightly")).isPresent();

        assertThat(ids(live.get("/api/jobs", VIEWER))).contains("nightly");
        assertThat(json(live.get("/api/jobs/nightly", VIEWER)).path("definition"))
                .isEqualTo(def);

        assertThat(live.call("DELETE", "/api/jobs/nightly", OPERATOR, null).statusCode())
                .isEqualTo(204);
        HttpResponse<String> gone = live.get("/api/jobs/nightly", VIEWER);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(errors(gone)).containsExactly("id: there is no job 'nightly'");
        assertThat(live.call("DELETE", "/api/jobs/nightly", OPERATOR, null).statusCode())
                .isEqualTo(404);
        assertThat(live.engine.job("nightly")).isEmpty();
    }

    @Test
    void aSecondPostWithTheSameIdIsAConflictAndChangesNothing() {
        assertThat(live.call("POST", "/api/jobs", OPERATOR, job("twice", "@every 1h", "\"output\":\"first\""))
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> again =
                live.call("POST", "/api/jobs", OPERATOR, job("twice", "@every 2h", "\"output\":\"second\""));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(errors(again)).singleElement().asString().startsWith("id: a job 'twice' exists");
        assertThat(live.engine.job("twice").orElseThrow().spec().schedule()).isEqualTo("@every 1h");
    }

    static Stream<Arguments> badBodies() {
        String big = "x".repeat(70 * 1024);
        return Stream.of(
                Arguments.of("malformed JSON", "{\"id\":\"bad-1\",", "body"),
                Arguments.of("an array", "[{\"id\":\"bad-2\"}]", "body"),
                Arguments.of("a string", "\"bad-3\"", "body"),
                Arguments.of("null", "null", "body"),
                Arguments.of("nothing", "", "body"),
                Arguments.of(
                        "duplicate keys",
                        "{\"id\":\"bad-4\",\"id\":\"bad-4b\",\"schedule\":\"@every 1h\",\"type\":\"test\"}",
                        "body"),
                Arguments.of("trailing garbage", job("bad-5", "@every 1h", "") + " {}", "body"),
                Arguments.of("an unknown field", job("bad-6", "@every 1h", "\"colour\":\"red\""), "colour"),
                Arguments.of("a bad cron", job("bad-7", "61 * * * * ?", ""), "schedule"),
                Arguments.of("a 4-field cron", job("bad-8", "* * * *", ""), "schedule"),
                Arguments.of(
                        "an unknown type",
                        "{\"id\":\"bad-9\",\"schedule\":\"@every 1h\",\"type\":\"teleport\"}",
                        "type"),
                Arguments.of("a negative timeout", job("bad-10", "@every 1h", "\"timeout\":\"-5s\""), "timeout"),
                Arguments.of("an absurd timeout", job("bad-11", "@every 1h", "\"timeout\":\"999d\""), "timeout"),
                Arguments.of("a timeout that is a number", job("bad-12", "@every 1h", "\"timeout\":30"), "timeout"),
                Arguments.of("an id with illegal characters", job("bad id!", "@every 1h", ""), "id"),
                Arguments.of("an id too long", job("b" + "x".repeat(200), "@every 1h", ""), "id"),
                Arguments.of("no schedule", "{\"id\":\"bad-13\",\"type\":\"test\"}", "schedule"),
                Arguments.of("an unknown zone", job("bad-14", "@every 1h", "\"zone\":\"Mars/Olympus\""), "zone"),
                Arguments.of("retry not an object", job("bad-15", "@every 1h", "\"retry\":3"), "retry"),
                Arguments.of(
                        "an absurd backoff",
                        job("bad-15b", "@every 1h", "\"retry\":{\"max\":1,\"max-backoff\":\"999999999999d\"}"),
                        "retry.max-backoff"),
                Arguments.of(
                        "a huge priority",
                        job("bad-16", "@every 1h", "\"priority\":123456789012345678901234567890"),
                        "priority"),
                Arguments.of("a fractional priority", job("bad-17", "@every 1h", "\"priority\":1e400"), "priority"),
                Arguments.of("an unknown overlap", job("bad-18", "@every 1h", "\"overlap\":\"sometimes\""), "overlap"),
                Arguments.of("an unknown group", job("bad-19", "@every 1h", "\"group\":\"nowhere\""), "group"),
                Arguments.of("a setting of the wrong type", job("bad-20", "@every 1h", "\"fail\":\"yes\""), "fail"),
                Arguments.of(
                        "an oversized body", job("bad-21", "@every 1h", "\"description\":\"" + big + "\""), "body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badInputIsA400NamingTheFieldAndChangesNothing(String what, String body, String field) {
        List<String> before = ids(live.get("/api/jobs", VIEWER));

        HttpResponse<String> post = live.call("POST", "/api/jobs", OPERATOR, body, "Content-Type", "application/json");
        java.util.regex.Matcher id =
                java.util.regex.Pattern.compile("\"id\":\"([^\"]*)\"").matcher(body);
        String path = id.find()
                        && io.jobwarden.engine.JobSpecReader.ID
                                .matcher(id.group(1))
                                .matches()
                ? id.group(1)
                : "bad-put";
        HttpResponse<String> put =
                live.call("PUT", "/api/jobs/" + path, OPERATOR, body, "Content-Type", "application/json");

        for (HttpResponse<String> r : List.of(post, put)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(json(r).path("errors").size()).isPositive();
            assertThat(json(r).path("errors"))
                    .anySatisfy(e -> assertThat(e.path("field").asText()).isEqualTo(field));
            json(r).path("errors")
                    .forEach(e -> assertThat(e.path("message").asText())
                            .isNotBlank()
                            .hasSizeLessThan(400)
                            .doesNotContain("Source:"));
        }
        assertThat(ids(live.get("/api/jobs", VIEWER))).isEqualTo(before);
    }

    @Test
    void aSettingWrittenAsNullIsLeftOut() {
        HttpResponse<String> r = live.call(
                "POST", "/api/jobs", OPERATOR, job("nulls", "@every 1h", "\"fail\":null,\"zone\":null,\"retry\":null"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r).path("definition").has("fail")).isFalse();
        assertThat(live.engine.job("nulls").orElseThrow().spec().settings()).isEmpty();
    }

    @Test
    void putReplacesAJobAndKeepsItsOrigin() {
        live.call("POST", "/api/jobs", OPERATOR, job("replace-me", "@every 1h", "\"output\":\"v1\""));

        HttpResponse<String> put = live.call(
                "PUT",
                "/api/jobs/replace-me",
                OPERATOR,
                "{\"schedule\":\"@every 2h\",\"type\":\"test\",\"output\":\"v2\"}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put).path("definition").path("output").asText()).isEqualTo("v2");
        assertThat(json(put).path("origin").asText()).isEqualTo("api");
        assertThat(live.engine.job("replace-me").orElseThrow().spec().schedule())
                .isEqualTo("@every 2h");
    }

    @Test
    void anAtInstantInThePastIsStoredAndTheAnswerWarnsThatItIsPast() {
        HttpResponse<String> created =
                live.call("POST", "/api/jobs", OPERATOR, job("late-once", "@at 2001-01-01T00:00:00Z", ""));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("warnings").get(0).asText())
                .isEqualTo("schedule: the @at instant 2001-01-01T00:00:00Z is in the past;"
                        + " it runs once now (misfire: fire-once)");
        await().atMost(Duration.ofSeconds(20))
                .alias("the misfire policy runs it once now")
                .until(() -> !live.engine.runs("late-once", 10, null).isEmpty());

        HttpResponse<String> put =
                live.call("PUT", "/api/jobs/late-once", OPERATOR, job("late-once", "@at 2999-01-01T00:00:00Z", ""));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put).has("warnings")).isFalse();
    }

    @Test
    void putWithAnotherIdInTheBodyIsRefused() {
        live.call("POST", "/api/jobs", OPERATOR, job("keep-id", "@every 1h", ""));

        HttpResponse<String> put = live.call("PUT", "/api/jobs/keep-id", OPERATOR, job("other-id", "@every 2h", ""));

        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(errors(put)).containsExactly("id: must be the id in the path ('keep-id') or left out");
        assertThat(live.engine.job("keep-id").orElseThrow().spec().schedule()).isEqualTo("@every 1h");
        assertThat(live.engine.job("other-id")).isEmpty();
    }

    @Test
    void putOfAnUnknownIdCreatesAnApiJob() {
        HttpResponse<String> put =
                live.call("PUT", "/api/jobs/made-by-put", OPERATOR, job("made-by-put", "@every 1h", ""));

        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(json(put).path("origin").asText()).isEqualTo("api");
    }

    @Test
    void triggerFiresNowAndTheRunKeepsItsOutput() {
        live.call("POST", "/api/jobs", OPERATOR, job("poke", "0 0 3 1 1 ?", "\"output\":\"poked!\""));

        HttpResponse<String> trigger = live.call("POST", "/api/jobs/poke/trigger", OPERATOR, null);

        assertThat(trigger.statusCode()).isEqualTo(202);
        Instant fireAt = Instant.parse(json(trigger).path("fireAt").asText());
        JsonNode run = awaitRuns("poke", 1).get(0);
        assertThat(Instant.parse(run.path("fireAt").asText())).isEqualTo(fireAt);
        assertThat(run.path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.has("output"))
                .as("listings leave output to GET /api/runs/{runId}")
                .isFalse();
        assertThat(run.path("attempt").asInt()).isEqualTo(1);
        JsonNode single = json(live.get("/api/runs/" + run.path("runId").asLong(), VIEWER));
        assertThat(single.path("output").asText()).contains("poked!");
        assertThat(single.path("jobId").asText()).isEqualTo("poke");
        assertThat(json(live.get("/api/jobs/poke", VIEWER))
                        .path("lastRun")
                        .path("state")
                        .asText())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void aFailedRunCarriesItsError() {
        live.call("POST", "/api/jobs", OPERATOR, job("broken", "0 0 3 1 1 ?", "\"fail\":true"));
        live.call("POST", "/api/jobs/broken/trigger", OPERATOR, null);

        JsonNode run = awaitRuns("broken", 1).get(0);

        assertThat(run.path("state").asText()).isEqualTo("FAILED");
        assertThat(run.path("exitCode").asInt()).isEqualTo(3);
        assertThat(run.path("errorSummary").asText()).contains("scripted failure");
        JsonNode single = json(live.get("/api/runs/" + run.path("runId").asLong(), VIEWER));
        assertThat(single.path("error").asText()).contains("scripted failure");
    }

    @Test
    void pauseAndResume() {
        live.call("POST", "/api/jobs", OPERATOR, job("napper", "@every 1h", ""));

        JsonNode paused = json(live.call("POST", "/api/jobs/napper/pause", OPERATOR, null));
        assertThat(paused.path("paused").asBoolean()).isTrue();
        assertThat(paused.path("nextFireAt").isNull()).isTrue();
        assertThat(live.engine.job("napper").orElseThrow().paused()).isTrue();

        JsonNode resumed = json(live.call("POST", "/api/jobs/napper/resume", OPERATOR, null));
        assertThat(resumed.path("paused").asBoolean()).isFalse();
        assertThat(resumed.path("nextFireAt").isTextual()).isTrue();
    }

    @Test
    void aTriggerOnAPausedJobWaitsInRunHistoryAsScheduledUntilResumed() {
        live.call("POST", "/api/jobs", OPERATOR, job("sleeper", "0 0 3 1 1 ?", ""));
        live.call("POST", "/api/jobs/sleeper/pause", OPERATOR, null);
        HttpResponse<String> trigger = live.call("POST", "/api/jobs/sleeper/trigger", OPERATOR, null);
        assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(202);
        String fireAt = json(trigger).path("fireAt").asText();

        JsonNode waiting = json(live.get("/api/jobs/sleeper/runs", VIEWER)).path("runs");
        assertThat(waiting).hasSize(1);
        JsonNode item = waiting.get(0);
        assertThat(item.path("state").asText()).isEqualTo("SCHEDULED");
        assertThat(item.has("runId")).isTrue();
        assertThat(item.path("runId").isNull()).isTrue();
        assertThat(Instant.parse(item.path("fireAt").asText())).isEqualTo(Instant.parse(fireAt));
        assertThat(item.path("dueAt").isTextual()).isTrue();
        assertThat(item.path("attempt").asInt()).isEqualTo(1);
        assertThat(item.path("paused").asBoolean()).isTrue();
        assertThat(json(live.get("/api/jobs/sleeper/runs?before=1000000", VIEWER))
                        .path("runs"))
                .as("waiting fires are on the first page only")
                .isEmpty();

        live.call("POST", "/api/jobs/sleeper/resume", OPERATOR, null);
        List<JsonNode> ran = awaitRuns("sleeper", 1);
        assertThat(ran.get(0).path("runId").isNumber()).isTrue();
        assertThat(json(live.get("/api/jobs/sleeper/runs", VIEWER)).path("runs"))
                .noneMatch(r -> r.path("state").asText().equals("SCHEDULED"));
    }

    @Test
    void aRetryWaitingForItsBackoffIsListedAsScheduledWithItsDueTime() {
        live.call(
                "POST",
                "/api/jobs",
                OPERATOR,
                job("retrier", "0 0 3 1 1 ?", "\"fail\":true,\"retry\":{\"max\":1,\"backoff\":\"1h\"}"));
        HttpResponse<String> trigger = live.call("POST", "/api/jobs/retrier/trigger", OPERATOR, null);
        Instant fireAt = Instant.parse(json(trigger).path("fireAt").asText());

        JsonNode failed = awaitRuns("retrier", 1).get(0);
        assertThat(failed.path("state").asText()).isEqualTo("FAILED");
        JsonNode runs = json(live.get("/api/jobs/retrier/runs", VIEWER)).path("runs");
        assertThat(runs).hasSize(2);
        JsonNode waiting = runs.get(0);
        assertThat(waiting.path("state").asText()).isEqualTo("SCHEDULED");
        assertThat(waiting.path("runId").isNull()).isTrue();
        assertThat(waiting.path("attempt").asInt()).isEqualTo(2);
        assertThat(Instant.parse(waiting.path("fireAt").asText())).isEqualTo(fireAt);
        assertThat(waiting.path("paused").asBoolean()).isFalse();
        // Backoff 1h, jittered: due about an hour after the failure, long after the fire.
        Instant failedAt = Instant.parse(failed.path("endedAt").asText());
        assertThat(Instant.parse(waiting.path("dueAt").asText()))
                .isBetween(failedAt.plus(Duration.ofMinutes(30)), failedAt.plus(Duration.ofMinutes(90)));
    }

    @Test
    void actionsOnAnUnknownJobAre404() {
        for (String path : List.of("/api/jobs/nobody/trigger", "/api/jobs/nobody/pause", "/api/jobs/nobody/resume")) {
            HttpResponse<String> r = live.call("POST", path, OPERATOR, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(errors(r)).containsExactly("id: there is no job 'nobody'");
        }
        assertThat(live.get("/api/jobs/nobody/runs", VIEWER).statusCode()).isEqualTo(404);
        assertThat(live.call("PUT", "/api/jobs/bad%20id", OPERATOR, job("x", "@every 1h", ""))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void runsArePagedNewestFirst() {
        live.call("POST", "/api/jobs", OPERATOR, job("pager", "0 0 3 1 1 ?", "\"overlap\":\"allow\""));
        for (int i = 0; i < 5; i++) live.call("POST", "/api/jobs/pager/trigger", OPERATOR, null);
        List<JsonNode> all = awaitRuns("pager", 5);

        JsonNode first = json(live.get("/api/jobs/pager/runs?limit=2", VIEWER));
        assertThat(first.path("runs")).hasSize(2);
        long cursor = first.path("nextBefore").asLong();
        JsonNode second = json(live.get("/api/jobs/pager/runs?limit=2&before=" + cursor, VIEWER));
        JsonNode third = json(live.get(
                "/api/jobs/pager/runs?limit=2&before="
                        + second.path("nextBefore").asLong(),
                VIEWER));

        List<Long> paged = new ArrayList<>();
        for (JsonNode page : List.of(first, second, third))
            page.path("runs").forEach(r -> paged.add(r.path("runId").asLong()));
        assertThat(paged)
                .containsExactlyElementsOf(
                        all.stream().map(r -> r.path("runId").asLong()).toList());
        assertThat(paged).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(third.path("runs")).hasSize(1);
        assertThat(third.path("nextBefore").isNull()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("badQueries")
    void badQueryParametersAre400(String query, String field) {
        live.call("POST", "/api/jobs", OPERATOR, job("queried", "@every 1h", ""));

        HttpResponse<String> r = live.get("/api/jobs/queried/runs?" + query, VIEWER);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).path("errors").get(0).path("field").asText()).isEqualTo(field);
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("limit=abc", "limit"),
                Arguments.of("limit=0", "limit"),
                Arguments.of("limit=501", "limit"),
                Arguments.of("limit=-3", "limit"),
                Arguments.of("limit=99999999999999999999", "limit"),
                Arguments.of("before=-1", "before"),
                Arguments.of("before=0", "before"),
                Arguments.of("before=x", "before"),
                Arguments.of("limit=", "limit"),
                Arguments.of("limit=1.5", "limit"));
    }

    @Test
    void aMalformedEscapeInTheQueryIsTheClientsMistake() throws Exception {
        live.call("POST", "/api/jobs", OPERATOR, job("escaped", "@every 1h", ""));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", live.server.port())) {
            String request =
                    "GET /api/jobs/escaped/runs?limit=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                            + VIEWER + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400").contains("{\"errors\":[{\"field\":\"limit\"");
        }
    }

    @Test
    void runIdsAreCheckedAndUnknownRunsAre404() {
        assertThat(live.get("/api/runs/abc", VIEWER).statusCode()).isEqualTo(400);
        assertThat(live.get("/api/runs/0", VIEWER).statusCode()).isEqualTo(400);
        assertThat(live.get("/api/runs/-4", VIEWER).statusCode()).isEqualTo(400);
        HttpResponse<String> missing = live.get("/api/runs/987654321", VIEWER);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(errors(missing)).containsExactly("runId: there is no run 987654321");
    }

    @Test
    void nodesListThisNodeWithItsHeartbeat() {
        JsonNode nodes = json(live.get("/api/nodes", VIEWER)).path("nodes");

        assertThat(nodes).anySatisfy(n -> {
            assertThat(n.path("self").asBoolean()).isTrue();
            assertThat(n.path("name").asText()).isEqualTo("api-test");
            assertThat(n.path("heartbeatAt").isTextual()).isTrue();
            assertThat(n.path("runs").isArray()).isTrue();
        });
    }

    @Test
    void unknownEndpointsAndMethodsAreClientErrorsInTheErrorsShape() {
        HttpResponse<String> nowhere = live.get("/api/nowhere", ADMIN);
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(errors(nowhere)).isNotEmpty();
        HttpResponse<String> patch = live.call("PATCH", "/api/jobs", ADMIN, "{}");
        assertThat(patch.statusCode()).isEqualTo(405);
        assertThat(errors(patch)).isNotEmpty();
    }

    private static List<String> ids(HttpResponse<String> list) {
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        json(list).path("jobs").forEach(j -> out.add(j.path("id").asText()));
        return out;
    }

    /** The job's runs once {@code count} of them have ended, newest first. */
    static List<JsonNode> awaitRuns(String job, int count) {
        List<JsonNode> out = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    out.clear();
                    json(live.get("/api/jobs/" + job + "/runs?limit=500", VIEWER))
                            .path("runs")
                            .forEach(r -> {
                                String state = r.path("state").asText();
                                if (!state.equals("RUNNING") && !state.equals("SCHEDULED")) out.add(r);
                            });
                    return out.size() >= count;
                });
        return out;
    }
}
