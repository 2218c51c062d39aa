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
            new JobSpec("long", "@every 1h", null, "java", null, null, null, null, null, null, null, null);

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
}
