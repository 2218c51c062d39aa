package io.jobwarden.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupervisorSettingsTest {
    private static final List<String> COMMAND = List.of("java", "-cp", "x", "Main");

    @Test
    void defaultsFollowTheProductContract() {
        SupervisorSettings s = SupervisorSettings.withDefaults(COMMAND, Path.of("."), Path.of("logs/crash"));
        assertThat(s.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.restartDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.maxRestartDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.healthyAfter()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void badValuesAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> with(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMinutes(5)))
                .hasMessage("supervisor.heartbeat-timeout must be at least 1s, was 500ms");
        assertThatThrownBy(() -> with(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(5)))
                .hasMessage("supervisor.restart-delay (10m) must not exceed supervisor.max-restart-delay (5m)");
        assertThatThrownBy(() -> with(Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(5)))
                .hasMessage("supervisor.restart-delay must be positive, was 0ms");
        assertThatThrownBy(() -> with(null, Duration.ofSeconds(5), Duration.ofMinutes(5)))
                .hasMessage("supervisor.heartbeat-timeout is required");
        assertThatThrownBy(() -> new SupervisorSettings(
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(10),
                        Duration.ofSeconds(30),
                        Path.of("c"),
                        List.of(),
                        Map.of(),
                        Path.of(".")))
                .hasMessage("the worker command is empty");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(SupervisorSettings.text(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(SupervisorSettings.text(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(SupervisorSettings.text(Duration.ofNanos(2_000_594_138))).isEqualTo("2s");
        assertThat(SupervisorSettings.text(Duration.ofMillis(2_001))).isEqualTo("2.001s");
        assertThat(SupervisorSettings.text(Duration.ofMinutes(5))).isEqualTo("5m");
    }

    private static SupervisorSettings with(Duration heartbeat, Duration restart, Duration maxRestart) {
        return new SupervisorSettings(
                heartbeat,
                restart,
                maxRestart,
                Duration.ofMinutes(10),
                Duration.ofSeconds(30),
                Path.of("logs/crash"),
                COMMAND,
                Map.of(),
                Path.of("."));
    }
}
