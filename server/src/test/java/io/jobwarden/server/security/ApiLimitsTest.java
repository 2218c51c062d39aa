package io.jobwarden.server.security;

import static io.jobwarden.server.security.PolicedInstance.ADMIN;
import static io.jobwarden.server.security.PolicedInstance.OPERATOR;
import static io.jobwarden.server.security.PolicedInstance.VIEWER;
import static io.jobwarden.server.security.PolicedInstance.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.runner.Runners;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.http.jobs.ApiJobPolicy;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits on jobs written through the API ({@code security.min-period}, {@code security.max-jobs}), and instants
 * out of the supported range, which are a 400 naming the field rather than an overflow deep in the store.
 */
class ApiLimitsTest {
    private static final int MAX_JOBS = 4;

    @TempDir
    static Path dir;

    static PolicedInstance live;

    @BeforeAll
    static void start() {
        // A config job may fire as often as its author likes: min-period is for the API's callers.
        JobSpec fast = JobSpec.of("file-fast", "@every 2s", "http", Map.of("url", "http://127.0.0.1:9/"));
        ApiJobPolicy policy = new ApiJobPolicy(true, List.of(), Duration.ofSeconds(10), MAX_JOBS);
        live = PolicedInstance.sqlite(dir, policy, List.of(fast), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (live != null) live.close();
    }

    @BeforeEach
    void onlyTheConfigJob() {
        live.engine.jobs().stream()
                .filter(j -> !j.id().equals("file-fast"))
                .forEach(j -> live.engine.deleteJob(j.id()));
    }

    @Test
    void schedulesFiringMoreOftenThanMinPeriodAreRefused() {
        for (String schedule : List.of("@every 1ms", "@every 9s", "@delay 5s", "* * * * * ?", "0,1 * * * * ?")) {
            HttpResponse<String> r = live.call("POST", "/api/jobs", OPERATOR, job("fast", schedule));

            assertThat(r.statusCode()).as(schedule).isEqualTo(400);
            assertThat(errors(r))
                    .as(schedule)
                    .singleElement()
                    .satisfies(
                            e -> assertThat(e)
                                    .startsWith("schedule: fires ")
                                    .endsWith(
                                            " apart; jobs created through the API may fire at most every 10s (security.min-period)"));
        }
        assertThat(live.engine.job("fast")).isEmpty();
        assertThat(live.engine.job("file-fast")).isPresent();
        for (String schedule : List.of("@every 10s", "*/10 * * * * ?", "@hourly", "@at 2099-01-01T00:00:00Z")) {
            HttpResponse<String> r = live.call("PUT", "/api/jobs/slow", OPERATOR, job("slow", schedule));
            assertThat(r.statusCode()).as(schedule + ": " + r.body()).isIn(200, 201);
        }
    }

    @Test
    void moreJobsThanMaxJobsAreRefused() {
        for (int i = 1; i < MAX_JOBS; i++) {
            assertThat(live.call("POST", "/api/jobs", OPERATOR, job("j" + i, "@hourly"))
                            .statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> post = live.call("POST", "/api/jobs", OPERATOR, job("one-more", "@hourly"));
        HttpResponse<String> put = live.call("PUT", "/api/jobs/one-more", ADMIN, job("one-more", "@hourly"));
        HttpResponse<String> replace = live.call("PUT", "/api/jobs/j1", OPERATOR, job("j1", "@daily"));

        assertThat(post.statusCode()).isEqualTo(409);
        assertThat(errors(post))
                .containsExactly(
                        "id: the instance holds 4 jobs, the most security.max-jobs allows (4); delete some first");
        assertThat(put.statusCode()).isEqualTo(409);
        assertThat(replace.statusCode()).as("replacing is not adding").isEqualTo(200);
        assertThat(live.engine.job("one-more")).isEmpty();
        assertThat(live.engine.jobs()).hasSize(MAX_JOBS);
    }

    @Test
    void concurrentCreatesCannotPassMaxJobsTogether() throws Exception {
        int callers = 12;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String id = "race" + i;
                String method = i % 2 == 0 ? "POST" : "PUT";
                String path = i % 2 == 0 ? "/api/jobs" : "/api/jobs/" + id;
                answers.add(pool.submit(() -> {
                    go.await();
                    return live.call(method, path, ADMIN, job(id, "@hourly")).statusCode();
                }));
            }
            go.countDown();
            List<Integer> codes = new java.util.ArrayList<>();
            for (var a : answers) codes.add(a.get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertThat(codes)
                    .as("one config job leaves room for three")
                    .filteredOn(c -> c == 201)
                    .hasSize(MAX_JOBS - 1);
            assertThat(codes).filteredOn(c -> c == 409).hasSize(callers - (MAX_JOBS - 1));
            assertThat(live.engine.jobs()).hasSize(MAX_JOBS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void instantsOutOfRangeAre400NamingTheField() {
        HttpResponse<String> far =
                live.call("POST", "/api/jobs", OPERATOR, job("far", "@at +999999999-12-31T23:59:59+18:00"));
        HttpResponse<String> early = live.call("POST", "/api/jobs", OPERATOR, job("early", "@at 1900-01-01T00:00:00Z"));

        assertThat(far.statusCode()).as(far.body()).isEqualTo(400);
        assertThat(errors(far))
                .containsExactly("schedule: @at: '+999999999-12-31T23:59:59+18:00' is out of range; use an instant"
                        + " from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(live.engine.job("far")).isEmpty();
        for (String query : List.of("before=9223372036854775808", "before=-1", "before=1e3", "limit=99999999999")) {
            HttpResponse<String> r = live.call("GET", "/api/runs?" + query, VIEWER, null);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(errors(r))
                    .as(query)
                    .singleElement()
                    .satisfies(e -> assertThat(e).startsWith(query.substring(0, query.indexOf('=')) + ": "));
        }
    }

    @Test
    void theSecurityKeysAreReadAndBadValuesNamed() {
        ConfigLoader loader = new ConfigLoader(Runners.defaults(dir));
        ApiJobPolicy read = loader.parse("""
                        security:
                          api-code-jobs: false
                          http-allow: ["*.example.com", "10.1.2.3"]
                          min-period: 30s
                          max-jobs: 50
                        """, "test.yml", dir).security().apiJobs();
        assertThat(read)
                .isEqualTo(new ApiJobPolicy(false, List.of("*.example.com", "10.1.2.3"), Duration.ofSeconds(30), 50));
        assertThat(loader.parse("", "empty.yml", dir).security().apiJobs()).isEqualTo(ApiJobPolicy.defaults());

        assertThatThrownBy(() -> loader.parse("""
                        security:
                          api-code-jobs: maybe
                          http-allow: ["https://x.org/"]
                          min-period: 0s
                          max-jobs: 0
                        """, "bad.yml", dir))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors().stream().map(f -> f.field()).toList())
                                .containsExactlyInAnyOrder(
                                        "security.api-code-jobs",
                                        "security.http-allow[0]",
                                        "security.min-period",
                                        "security.max-jobs"));
    }

    private static String job(String id, String schedule) {
        return "{\"id\":\"" + id + "\",\"schedule\":\"" + schedule
                + "\",\"type\":\"http\",\"url\":\"http://127.0.0.1:9/hook\"}";
    }
}
