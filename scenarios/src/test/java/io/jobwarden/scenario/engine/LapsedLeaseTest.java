package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.NodeInfo;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.testkit.SteppedEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that finds its lease lapsed (a long pause, a lost connection) must stop only the runs another node has
 * meanwhile taken over; a run the store still has RUNNING on this node was retried by nobody and keeps running.
 */
class LapsedLeaseTest {
    private static final JobSpec LONG =
            JobSpec.builder("long", "@every 1h", "java").build();

    @TempDir
    Path dir;

    @Test
    void aRunNobodyTookOverKeepsRunningAfterALapsedLease() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        try (EngineHarness h = new EngineHarness(dir, Instant.parse("2026-01-01T00:00:00Z"))) {
            SteppedEngine engine = h.start(b -> b.lease(Duration.ofSeconds(30)).task(LONG, ctx -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
            }));
            h.at("2026-01-01T01:00:00Z");
            engine.pass();
            engine.awaitBusy(1, Duration.ofSeconds(10));

            h.at("2026-01-01T01:05:00Z"); // five minutes without a heartbeat: the 30 s lease has lapsed
            engine.pass();
            release.countDown();
            engine.awaitIdle();

            assertThat(interrupted).isFalse();
            assertThat(h.runs("long")).extracting(RunRecord::state).containsExactly(RunState.SUCCEEDED);
        }
    }

    @Test
    void aRunAnotherNodeTookOverIsCancelled() {
        CountDownLatch never = new CountDownLatch(1);
        try (EngineHarness h = new EngineHarness(dir, Instant.parse("2026-01-01T00:00:00Z"))) {
            SteppedEngine engine = h.start(b -> b.lease(Duration.ofSeconds(30)).task(LONG, ctx -> never.await()));
            h.at("2026-01-01T01:00:00Z");
            engine.pass();
            engine.awaitBusy(1, Duration.ofSeconds(10));

            h.at("2026-01-01T01:05:00Z");
            NodeInfo other = new NodeInfo("other-1", "other", "other.local", h.clock.instant(), null, null, 0);
            h.store.heartbeat(other, Duration.ofSeconds(30));
            assertThat(h.store.recoverAbandoned(other, (spec, attempt, state, now) -> null, h.clock.instant()))
                    .hasSize(1);
            engine.pass();

            await().atMost(Duration.ofSeconds(20)).until(() -> engine.busy() == 0);
            assertThat(h.runs("long"))
                    .as("the late outcome of the cancelled run does not overwrite the recovery")
                    .extracting(RunRecord::state)
                    .containsExactly(RunState.ABANDONED);
        }
    }

    /**
     * A task that stops because its run reads as cancelled once the lease lapsed (before the watchdog fences, which
     * here never runs: the engine is stepped) is recorded as a fenced run is, CANCELLED and retried, not as a failure
     * of its own that a job without retries would never get over.
     */
    @Test
    void aRunThatStoppedForALapsedLeaseIsRecordedCancelledAndRetried() throws Exception {
        java.util.concurrent.atomic.AtomicLong ticker = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
        CountDownLatch started = new CountDownLatch(1);
        try (EngineHarness h = new EngineHarness(dir, Instant.parse("2026-01-01T00:00:00Z"))) {
            SteppedEngine engine = h.start(b -> b.lease(Duration.ofSeconds(30))
                    .ticker(ticker::get)
                    .task(LONG, ctx -> {
                        started.countDown();
                        while (!ctx.isCancelled()) Thread.sleep(5);
                        throw new InterruptedException("asked, and was told to stop");
                    }));
            h.at("2026-01-01T01:00:00Z");
            engine.pass();
            assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            ticker.addAndGet(Duration.ofSeconds(26).toNanos()); // lease 30 s - margin 5 s since the renewal began
            await().atMost(Duration.ofSeconds(20)).until(() -> engine.busy() == 0);
            engine.awaitIdle();

            assertThat(h.runs("long")).extracting(RunRecord::state).containsExactly(RunState.CANCELLED);
            ticker.addAndGet(Duration.ofSeconds(1).toNanos());
            h.at("2026-01-01T01:00:05Z");
            engine.pass(); // renews, and the fire is retried
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> h.runs("long").stream().anyMatch(r -> r.attempt() == 2));
        }
    }
}
