package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.RunListener;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fires are planned and claimed a short horizon before their instant and started on it by their own thread. These
 * run a real engine on the system clock (a stepped engine never claims ahead): the instants are set far enough ahead,
 * and the horizon long enough, that a loaded machine still claims before the instant.
 */
class ClaimAheadTest {
    @TempDir
    Path dir;

    private record Call(Instant fireTime, Instant calledAt) {}

    private record Start(ClaimedRun run, Instant startedAt) {}

    private static JobSpec at(String id, Instant instant) {
        return JobSpec.of(id, "@at " + instant, "java", Map.of());
    }

    private JobStore sqlite() {
        return JobStores.open("jdbc:sqlite:" + dir.resolve("jobwarden.db"), null, null, StoreOptions.defaults());
    }

    @Test
    void aFireClaimedAheadStartsOnItsInstantNeverBeforeIt() {
        Instant fire = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        List<Call> calls = new CopyOnWriteArrayList<>();
        List<Start> starts = new CopyOnWriteArrayList<>();
        try (JobStore store = sqlite();
                Jobwarden engine = Jobwarden.builder(store)
                        .nodeName("ahead")
                        .claimAhead(Duration.ofSeconds(2))
                        .listener(new RunListener() {
                            @Override
                            public void runStarted(ClaimedRun run, Instant startedAt) {
                                starts.add(new Start(run, startedAt));
                            }
                        })
                        .task(at("once", fire), ctx -> calls.add(new Call(ctx.fireTime(), Instant.now())))
                        .start()) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> store.runs("once", 10, null).stream().anyMatch(r -> r.state() == RunState.SUCCEEDED));

            assertThat(starts).hasSize(1);
            ClaimedRun run = starts.get(0).run();
            assertThat(run.claimedAt()).as("claimed ahead of the instant").isBefore(fire);
            assertThat(run.startAt()).isEqualTo(fire);
            assertThat(starts.get(0).startedAt())
                    .as("on this node's clock: the fire's instant, plus at most how far this clock may be ahead")
                    .isAfterOrEqualTo(fire);
            assertThat(calls).hasSize(1);
            assertThat(calls.get(0).calledAt())
                    .as("the task is not called early")
                    .isAfterOrEqualTo(fire);
            RunRecord record = store.runs("once", 10, null).get(0);
            assertThat(record.startedAt()).isEqualTo(fire);
            assertThat(record.attempt()).isEqualTo(1);
        }
    }

    /**
     * The lease lapses (on the node's own monotonic count) between the claim and the instant: the node can no longer
     * vouch for the fire, so it gives it back instead of starting it, and the fire runs as its next attempt.
     */
    @Test
    void aFireWhoseNodeLostItsLeaseBeforeTheInstantIsGivenBackNotStarted() {
        Instant fire = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.MILLIS);
        AtomicLong ticker = new AtomicLong(1_000_000_000L);
        List<Call> calls = new CopyOnWriteArrayList<>();
        try (JobStore store = sqlite();
                Jobwarden engine = Jobwarden.builder(store)
                        .nodeName("lapsing")
                        .lease(Duration.ofSeconds(30))
                        .claimAhead(Duration.ofSeconds(3))
                        .ticker(ticker::get)
                        .task(at("once", fire), ctx -> calls.add(new Call(ctx.fireTime(), Instant.now())))
                        .start()) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !store.runningRuns().isEmpty());
            assertThat(Instant.now())
                    .as("claimed ahead; the test needs the instant still ahead")
                    .isBefore(fire);

            ticker.addAndGet(Duration.ofSeconds(26).toNanos()); // lease 30 s - margin: fenced at once

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> store.runs("once", 10, null).stream().anyMatch(r -> r.state() == RunState.SUCCEEDED));
            List<RunRecord> runs = store.runs("once", 10, null).stream()
                    .sorted(java.util.Comparator.comparingLong(RunRecord::runId))
                    .toList();
            assertThat(runs)
                    .extracting(RunRecord::attempt, RunRecord::state)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1, RunState.CANCELLED),
                            org.assertj.core.groups.Tuple.tuple(2, RunState.SUCCEEDED));
            assertThat(runs.get(0).error()).contains("not started");
            assertThat(calls).as("the given-back attempt never called the task").hasSize(1);
            assertThat(calls.get(0).calledAt()).isAfterOrEqualTo(fire);
        }
    }
}
