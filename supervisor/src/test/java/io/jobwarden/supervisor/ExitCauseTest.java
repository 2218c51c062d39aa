package io.jobwarden.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitCauseTest {
    @Test
    void unixExitCodesAbove128NameTheSignal() {
        ExitCause kill = ExitCause.ofExit(137, List.of(), true);
        assertThat(kill.description()).isEqualTo("killed by signal 9 (SIGKILL, exit code 137)");
        assertThat(kill.isStopSignal()).isFalse();
        assertThat(ExitCause.ofExit(143, List.of(), true).isStopSignal()).isTrue();
        assertThat(ExitCause.ofExit(130, List.of(), true).description()).contains("SIGINT");
        assertThat(ExitCause.ofExit(134, List.of(), true).description()).contains("signal 6 (SIGABRT");
        assertThat(ExitCause.ofExit(170, List.of(), true).description()).contains("signal 42 (signal 42");
    }

    @Test
    void windowsExitCodesAreJustCodes() {
        ExitCause windows = ExitCause.ofExit(137, List.of(), false);
        assertThat(windows.description()).isEqualTo("exited with code 137");
        assertThat(windows.signal()).isZero();
    }

    @Test
    void exitCode3IsOutOfMemoryOnlyWhenTheJvmSaidSo() {
        List<String> lines = List.of("working", "Terminating due to java.lang.OutOfMemoryError: Java heap space");
        assertThat(ExitCause.ofExit(3, lines, true).description())
                .isEqualTo(
                        "ran out of memory (exit code 3): Terminating due to java.lang.OutOfMemoryError: Java heap space");
        assertThat(ExitCause.ofExit(3, List.of("working"), true).description()).isEqualTo("exited with code 3");
    }

    @Test
    void anUnaskedCleanExitSaysSo() {
        assertThat(ExitCause.ofExit(0, List.of(), true).description()).contains("code 0", "nobody asked");
    }

    @Test
    void hangsAndFailedStartsAreDescribed() {
        assertThat(ExitCause.heartbeatsMissed(Duration.ofMillis(30_012)).description())
                .isEqualTo("sent no heartbeat for 30.012s (hung; killed)");
        assertThat(ExitCause.failedToStart(new java.io.IOException("Cannot run program \"jav\""))
                        .description())
                .isEqualTo("could not be started: Cannot run program \"jav\"");
    }
}
