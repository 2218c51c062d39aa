package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.RetryPolicy;
import io.jobwarden.engine.RunListener;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.testkit.SteppedEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A java task that ignores interruption still counts as running after its timeout and the cancel grace: it keeps its
 * RUNNING row and its slot, is reported stuck, and its retry starts only once its thread has really ended.
 */
class StuckTaskTest {
    private static final JobSpec STUBBORN = JobSpec.builder("stubborn", "@every 1h", "java")
            .timeout(Duration.ofSeconds(1))
            .retry(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
            .build();

    @TempDir
    Path dir;

    @Test
    void noSecondAttemptStartsUntilTheFirstThreadHasEnded() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        List<String> events = new CopyOnWriteArrayList<>();
        RunListener stuckEvents = new RunListener() {
            @Override
            public void runStuck(ClaimedRun run, Duration sinceCancel) {
                events.add("stuck " + run.attempt());
            }

            @Override
            public void stuckRunEnded(ClaimedRun run) {
                events.add("ended " + run.attempt());
            }
        };
        try (EngineHarness h = new EngineHarness(dir, Instant.parse("2026-01-01T00:00:00Z"))) {
            SteppedEngine engine = h.start(b -> b.listener(stuckEvents).task(STUBBORN, ctx -> {
                attempts.incrementAndGet();
                mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    while (true) {
                        try {
                            release.await();
                            return;
                        } catch (InterruptedException ignored) {
                            // the point of the test: a task that ignores cancellation
                        }
                    }
                } finally {
                    inside.decrementAndGet();
                }
            }));
            h.at("2026-01-01T01:00:00Z");
            engine.pass();
            engine.awaitBusy(1, Duration.ofSeconds(10));
            // Busy counts the run from its start; its thread may not have reached the task's body yet (on a loaded
            // machine it once had not, three passes later), and the test is about a task already inside it.
            await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 1);

            h.at("2026-01-01T01:00:02Z"); // past its 1 s timeout: cancelled, the interrupt is ignored
            engine.pass();
            h.at("2026-01-01T01:00:13Z"); // past the 10 s grace: stuck, not recorded
            engine.pass();
            assertThat(engine.engine().stuckRuns()).isEqualTo(1);
            assertThat(events).containsExactly("stuck 1");
            assertThat(h.runs("stubborn")).extracting(RunRecord::state).containsExactly(RunState.RUNNING);

            for (String t : new String[] {"2026-01-01T01:00:30Z", "2026-01-01T01:05:00Z", "2026-01-01T02:00:01Z"}) {
                h.at(t); // retry wait and the next fire both long due: neither may start beside the stuck run
                engine.pass();
                assertThat(attempts).as("at %s", t).hasValue(1);
                assertThat(engine.busy()).isEqualTo(1);
            }
            assertThat(events).containsExactly("stuck 1");

            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.engine().stuckRuns() == 0 && engine.busy() == 0);
            assertThat(events).containsExactly("stuck 1", "ended 1");
            RunRecord first = h.runs("stubborn").get(0);
            assertThat(first.state()).isEqualTo(RunState.TIMED_OUT);

            h.at("2026-01-01T02:01:00Z");
            engine.passAndAwaitIdle();
            engine.passAndAwaitIdle();
            assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
            assertThat(mostInside).as("two attempts never ran at once").hasValue(1);
            assertThat(h.runs("stubborn"))
                    .filteredOn(r -> r.fireAt().equals(first.fireAt()))
                    .extracting(RunRecord::attempt, RunRecord::state)
                    .containsExactly(tuple(1, RunState.TIMED_OUT), tuple(2, RunState.SUCCEEDED));
        }
    }
}
