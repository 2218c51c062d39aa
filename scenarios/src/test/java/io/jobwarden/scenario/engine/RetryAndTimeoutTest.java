package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.RetryPolicy;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/semantics.md: retry with capped exponential backoff, and timeouts that kill the whole process tree. */
class RetryAndTimeoutTest {
    @TempDir
    Path dir;

    @Test
    void aFailingFireIsRetriedWithBackoffUpToMaxThenLeftFailed() {
        RetryPolicy retry = new RetryPolicy(2, Duration.ofSeconds(10), Duration.ofMinutes(1));
        JobSpec spec = JobSpec.builder("r", "@at 2026-01-01T00:00:01Z", "java")
                .retry(retry)
                .build();
        try (EngineHarness h = new EngineHarness(dir, Instant.parse("2026-01-01T00:00:00Z"))) {
            h.start(b -> b.task(spec, ctx -> {
                throw new IllegalStateException("disk full on attempt " + ctx.attempt());
            }));
            h.at("2026-01-01T00:00:01Z");
            h.passAndSettle();
            // The first retry waits between half and all of 10 s; nothing may start before half.
            h.clock.advance(Duration.ofSeconds(4));
            h.passAndSettle();
            assertThat(h.runs("r")).hasSize(1);
            h.clock.advance(Duration.ofSeconds(6));
            h.passAndSettle();
            assertThat(h.runs("r")).hasSize(2);
            h.clock.advance(Duration.ofSeconds(20));
            h.passAndSettle();
            h.clock.advance(Duration.ofMinutes(5));
            h.passAndSettle();

            List<RunRecord> runs = h.runs("r");
            assertThat(runs).extracting(RunRecord::attempt).containsExactly(1, 2, 3);
            assertThat(runs).allSatisfy(r -> {
                assertThat(r.state()).isEqualTo(RunState.FAILED);
                assertThat(r.fireAt()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
            });
            assertThat(runs.get(2).error())
                    .contains("java.lang.IllegalStateException: disk full on attempt 3")
                    .contains("at " + RetryAndTimeoutTest.class.getName());
            assertThat(h.store.pendingFires(h.clock.instant())).isZero();
        }
    }

    @Test
    void aShellJobPastItsTimeoutIsKilledWithItsChildrenAndRecordedTimedOut() throws Exception {
        Path pids = dir.resolve("pids");
        JobSpec spec = JobSpec.builder("t", "@at 2026-01-01T00:00:01Z", "shell")
                .settings(Map.of("shell", "sleep 300 & echo $! > " + pids + "; echo $$ >> " + pids + "; wait"))
                .timeout(Duration.ofSeconds(30))
                .build();
        try (EngineHarness h = new EngineHarness(dir, Instant.parse("2026-01-01T00:00:00Z"))) {
            h.start(b -> b.job(spec));
            h.at("2026-01-01T00:00:01Z");
            h.engine.pass();
            await().until(() -> Files.exists(pids) && Files.readAllLines(pids).size() == 2);
            List<Long> processes =
                    Files.readAllLines(pids).stream().map(Long::parseLong).toList();

            h.clock.advance(Duration.ofSeconds(29));
            h.engine.pass();
            assertThat(h.engine.busy()).as("still inside its timeout").isEqualTo(1);
            h.clock.advance(Duration.ofSeconds(1));
            h.engine.pass();
            h.settle();

            RunRecord run = h.runs("t").get(0);
            assertThat(run.state()).isEqualTo(RunState.TIMED_OUT);
            assertThat(run.error()).startsWith("timed out after 30s");
            for (long pid : processes) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !alive(pid));
            }
        }
    }

    /** A zombie (killed, not yet reaped by this container's init) counts as dead. */
    private static boolean alive(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) return false;
        try {
            String s = Files.readString(stat);
            return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return false;
        }
    }
}
