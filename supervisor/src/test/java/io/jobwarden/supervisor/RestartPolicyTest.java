package io.jobwarden.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-26T14:00:00Z"));
    private final RestartPolicy policy =
            new RestartPolicy(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(2), clock);

    @Test
    void delaysDoubleFromTheRestartDelayUpToTheMaximum() {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) delays.add(crashAfter(Duration.ofSeconds(1)).delay());

        assertThat(delays)
                .containsExactly(
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(40),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(60));
    }

    @Test
    void aWorkerThatRanHealthyLongEnoughResetsTheDelay() {
        crashAfter(Duration.ofSeconds(1));
        crashAfter(Duration.ofSeconds(1));
        assertThat(crashAfter(Duration.ofSeconds(119)).delay()).isEqualTo(Duration.ofSeconds(20));

        assertThat(crashAfter(Duration.ofMinutes(2)).delay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(crashAfter(Duration.ofSeconds(1)).delay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void fiveRestartsWithinTenMinutesAreACrashLoopUntilTheyAgeOut() {
        for (int i = 1; i <= 4; i++)
            assertThat(crashAfter(Duration.ofSeconds(30)).crashLoop())
                    .as("restart %d", i)
                    .isFalse();
        RestartPolicy.Decision fifth = crashAfter(Duration.ofSeconds(30));
        assertThat(fifth.crashLoop()).isTrue();
        assertThat(fifth.restartNumber()).isEqualTo(5);
        assertThat(policy.status().crashLoop()).isTrue();

        // The first restart happened 4 x 30 s before the fifth; once it is ten minutes old the loop is over.
        clock.advance(
                RestartPolicy.CRASH_LOOP_WINDOW.minus(Duration.ofSeconds(120)).minusMillis(1));
        assertThat(policy.status().crashLoop()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(policy.status().crashLoop()).isFalse();
    }

    @Test
    void statusCountsRestartsAndKeepsTheLastCause() {
        assertThat(policy.status()).isEqualTo(SupervisorStatus.FIRST_START);
        crashAfter(Duration.ofSeconds(1), "exited with code 1");
        crashAfter(Duration.ofSeconds(1), "killed by signal 9 (SIGKILL, exit code 137)");

        assertThat(policy.status())
                .isEqualTo(new SupervisorStatus(2, false, "killed by signal 9 (SIGKILL, exit code 137)"));
    }

    @Test
    void aWorkerThatNeverStartedDoesNotResetTheDelay() {
        crashAfter(Duration.ofSeconds(1));
        clock.advance(Duration.ofMinutes(5));
        assertThat(policy.workerFailed("could not be started: no java").delay()).isEqualTo(Duration.ofSeconds(10));
    }

    private RestartPolicy.Decision crashAfter(Duration uptime) {
        return crashAfter(uptime, "exited with code 1");
    }

    private RestartPolicy.Decision crashAfter(Duration uptime, String cause) {
        policy.workerStarted();
        clock.advance(uptime);
        return policy.workerFailed(cause);
    }
}
