package io.jobwarden.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The worker's own "scheduler loop alive" check, which decides whether it sends the supervisor a heartbeat. */
class WorkerHostTest {
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    @Test
    void theLoopAliveWindowIsTwoThirdsOfTheConfiguredHeartbeatTimeoutNotAFixedTwentySeconds() {
        Instant fifteenSecondsAgo = NOW.minusSeconds(15);

        // heartbeat-timeout 30s: a window of 20 s, so a pass 15 s ago is alive, one 21 s ago is not.
        assertThat(WorkerHost.loopAlive(fifteenSecondsAgo, NOW, Duration.ofSeconds(30)))
                .isTrue();
        assertThat(WorkerHost.loopAlive(NOW.minusSeconds(21), NOW, Duration.ofSeconds(30)))
                .isFalse();
        // heartbeat-timeout 9s: a window of 6 s; a fixed 20 s window would have called this loop alive.
        assertThat(WorkerHost.loopAlive(fifteenSecondsAgo, NOW, Duration.ofSeconds(9)))
                .isFalse();
        assertThat(WorkerHost.loopAlive(NOW.minusSeconds(5), NOW, Duration.ofSeconds(9)))
                .isTrue();
        // heartbeat-timeout 2m: a loop quiet for 60 s is still within its 80 s.
        assertThat(WorkerHost.loopAlive(NOW.minusSeconds(60), NOW, Duration.ofMinutes(2)))
                .isTrue();
    }

    @Test
    void aLoopThatHasNotPassedYetIsStartingNotHung() {
        assertThat(WorkerHost.loopAlive(null, NOW, Duration.ofSeconds(3))).isTrue();
    }
}
