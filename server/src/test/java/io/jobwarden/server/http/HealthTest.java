package io.jobwarden.server.http;

import static io.jobwarden.server.http.LiveServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwarden.server.http.health.Health;
import io.jobwarden.server.http.health.HealthChecks;
import io.jobwarden.server.http.health.HealthContributor;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health}, {@code /health/live} and {@code /health/ready} in the Actuator shape, over a real store. */
class HealthTest {
    @TempDir
    static Path dir;

    static LiveServer live;

    @BeforeAll
    static void start() {
        live = LiveServer.start(
                dir,
                s -> s,
                List.of(HealthContributor.of("redis", true, () -> Health.up(Map.of("version", "7")))),
                List.of());
    }

    @AfterAll
    static void stop() {
        if (live != null) live.close();
    }

    @Test
    void healthShowsEveryComponentWithItsDetails() {
        HttpResponse<String> r = live.get("/health", LiveServer.VIEWER);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode h = json(r);
        assertThat(h.path("status").asText()).isEqualTo("UP");
        JsonNode c = h.path("components");
        assertThat(c.fieldNames()).toIterable().containsExactly("store", "scheduler", "diskSpace", "redis");
        assertThat(c.path("store").path("status").asText()).isEqualTo("UP");
        assertThat(c.path("store").path("details").path("latencyMs").isNumber()).isTrue();
        assertThat(c.path("store").path("details").path("store").asText()).containsIgnoringCase("sqlite");
        JsonNode s = c.path("scheduler").path("details");
        assertThat(c.path("scheduler").path("status").asText()).isEqualTo("UP");
        assertThat(s.path("running").asBoolean()).isTrue();
        assertThat(s.path("claiming").asBoolean()).isTrue();
        assertThat(s.path("runningRuns").isInt()).isTrue();
        assertThat(s.path("queueDepth").isInt()).isTrue();
        assertThat(s.has("oldestOverdue")).isTrue();
        assertThat(s.has("lastPass")).isTrue();
        JsonNode d = c.path("diskSpace").path("details");
        assertThat(d.path("free").asLong()).isPositive();
        assertThat(d.path("threshold").asLong()).isEqualTo(1);
        assertThat(d.path("path").asText())
                .isEqualTo(dir.toAbsolutePath().normalize().toString());
        assertThat(c.path("redis").path("details").path("version").asText()).isEqualTo("7");
    }

    @Test
    void readyFollowsClaimingWhileLiveStaysUp() {
        assertThat(live.get("/health/ready", LiveServer.VIEWER).statusCode()).isEqualTo(200);
        live.engine.pauseClaiming();
        try {
            HttpResponse<String> ready = live.get("/health/ready", LiveServer.VIEWER);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json(ready).path("status").asText()).isEqualTo("DOWN");
            assertThat(json(ready)
                            .path("components")
                            .path("scheduler")
                            .path("details")
                            .path("claiming")
                            .asBoolean())
                    .isFalse();
            assertThat(json(ready)
                            .path("components")
                            .path("store")
                            .path("status")
                            .asText())
                    .isEqualTo("UP");
            assertThat(live.get("/health/live", LiveServer.VIEWER).statusCode()).isEqualTo(200);
            assertThat(live.get("/health", LiveServer.VIEWER).statusCode()).isEqualTo(200);
        } finally {
            live.engine.resumeClaiming();
        }
        assertThat(live.get("/health/ready", LiveServer.VIEWER).statusCode()).isEqualTo(200);
    }

    @Test
    void aRequiredComponentDownIs503AndAnOptionalOneIsNot(@TempDir Path own) {
        HealthContributor redisDown = HealthContributor.of("redis", true, () -> {
            throw new IllegalStateException("connection refused");
        });
        HealthContributor cacheDown = HealthContributor.of("cache", false, () -> Health.down(Map.of()));
        try (LiveServer sick = LiveServer.start(own, s -> s, List.of(redisDown, cacheDown), List.of())) {
            HttpResponse<String> r = sick.get("/health", LiveServer.VIEWER);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(json(r).path("status").asText()).isEqualTo("DOWN");
            assertThat(json(r).path("components")
                            .path("redis")
                            .path("details")
                            .path("error")
                            .asText())
                    .isEqualTo("IllegalStateException: connection refused");
            assertThat(json(r).path("components").path("cache").path("status").asText())
                    .isEqualTo("DOWN");
        }
        try (LiveServer optional = LiveServer.start(own.resolve("b"), s -> s, List.of(cacheDown), List.of())) {
            assertThat(optional.get("/health", LiveServer.VIEWER).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aFullDiskIsDown(@TempDir Path own) {
        try (LiveServer full = LiveServer.start(own, s -> s.withDisk(own, Long.MAX_VALUE), List.of(), List.of())) {
            HttpResponse<String> r = full.get("/health", LiveServer.VIEWER);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(json(r).path("components")
                            .path("diskSpace")
                            .path("status")
                            .asText())
                    .isEqualTo("DOWN");
            assertThat(full.get("/health/live", LiveServer.VIEWER).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aFailingStoreIsDownAndNotReadyButStillLive(@TempDir Path own) {
        try (LiveServer broken =
                LiveServer.start(own, s -> s, List.of(), List.of(), store -> store, Duration.ofMillis(500))) {
            broken.store.close();

            HttpResponse<String> health = broken.get("/health", LiveServer.VIEWER);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(json(health)
                            .path("components")
                            .path("store")
                            .path("status")
                            .asText())
                    .isEqualTo("DOWN");
            assertThat(json(health)
                            .path("components")
                            .path("store")
                            .path("details")
                            .path("error")
                            .asText())
                    .isNotBlank();
            assertThat(broken.get("/health/ready", LiveServer.VIEWER).statusCode())
                    .isEqualTo(503);
            // Passes stop while the store fails; once the loop is late, live says why and stays UP.
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> json(broken.get("/health/live", LiveServer.VIEWER))
                            .path("components")
                            .path("scheduler")
                            .path("details")
                            .has("note"));
            HttpResponse<String> live = broken.get("/health/live", LiveServer.VIEWER);
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(json(live)
                            .path("components")
                            .path("scheduler")
                            .path("details")
                            .path("note")
                            .asText())
                    .startsWith("no pass while the store fails");
            HttpResponse<String> api = broken.get("/api/jobs", LiveServer.VIEWER);
            assertThat(api.statusCode()).isEqualTo(503);
            assertThat(LiveServer.errors(api)).containsExactly(": the job store is unavailable; try again shortly");
        }
    }

    @Test
    void aHungSchedulerLoopIsNotLive(@TempDir Path own) {
        GatedStore gated = new GatedStore();
        // A 500 ms lease makes "hung" mean one second without a pass (twice the lease, ten poll intervals).
        try (LiveServer stuck =
                LiveServer.start(own, s -> s, List.of(), List.of(), gated::wrap, Duration.ofMillis(500))) {
            assertThat(stuck.get("/health/live", LiveServer.VIEWER).statusCode())
                    .isEqualTo(200);

            gated.hold();
            try {
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() ->
                                stuck.get("/health/live", LiveServer.VIEWER).statusCode() == 503);
                HttpResponse<String> live = stuck.get("/health/live", LiveServer.VIEWER);
                assertThat(json(live)
                                .path("components")
                                .path("scheduler")
                                .path("details")
                                .path("error")
                                .asText())
                        .startsWith("the scheduler loop has not passed for more than 1000 ms");
                assertThat(stuck.get("/health", LiveServer.VIEWER).statusCode()).isEqualTo(503);
            } finally {
                gated.release();
            }
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> stuck.get("/health/live", LiveServer.VIEWER).statusCode() == 200);
        }
    }

    @Test
    void aHungCheckIsDownAfterTheTimeoutAndIsNotStartedTwice() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        HealthContributor hung = HealthContributor.of("hung", true, () -> {
            started.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Health.up(Map.of());
        });
        try (HealthChecks checks = new HealthChecks(Duration.ofMillis(200))) {
            HealthChecks.Report first = checks.run(List.of(hung));
            HealthChecks.Report second = checks.run(List.of(hung));

            assertThat(first.isUp()).isFalse();
            assertThat(first.components().get("hung").details()).containsEntry("error", "no answer within 200 ms");
            assertThat(second.isUp()).isFalse();
            assertThat(started).hasValue(1);
            release.countDown();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> checks.run(List.of(hung)).isUp());
        }
    }
}
