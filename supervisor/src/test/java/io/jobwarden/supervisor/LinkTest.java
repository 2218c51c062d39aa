package io.jobwarden.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkTest {
    @Test
    void aProcessWithoutSupervisorHasNoLink() {
        assertThat(WorkerLink.connect(Map.of("PATH", "/bin"))).isEmpty();
    }

    @Test
    void aSupervisorThatIsAlreadyGoneIsReportedNamingThePort() throws Exception {
        int port;
        try (ServerSocket closedAgain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closedAgain.getLocalPort();
        }
        Map<String, String> env = Map.of(LinkProtocol.ENV_PORT, Integer.toString(port), LinkProtocol.ENV_TOKEN, "t");
        assertThatThrownBy(() -> WorkerLink.connect(env))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("the supervisor that started this worker cannot be reached on port " + port);
    }

    @Test
    void statusSurvivesTheTripThroughTheProtocol() {
        SupervisorStatus status = new SupervisorStatus(7, true, "ran out of memory (exit code 3): Terminating\ndue to");
        assertThat(status.lastCause()).isEqualTo("ran out of memory (exit code 3): Terminating due to");
        assertThat(LinkProtocol.parseStatus(LinkProtocol.statusLine(status))).isEqualTo(status);
        assertThat(LinkProtocol.parseStatus(LinkProtocol.statusLine(SupervisorStatus.FIRST_START)))
                .isEqualTo(SupervisorStatus.FIRST_START);
    }

    @Test
    void theOutputRingKeepsTheNewestLinesAndCutsHugeOnes() {
        OutputRing ring = new OutputRing(3);
        for (String line : List.of("1", "2", "3", "4", "x".repeat(OutputRing.MAX_LINE_CHARS + 10))) ring.add(line);

        assertThat(ring.lines()).hasSize(3).startsWith("3", "4");
        assertThat(ring.lines().get(2)).hasSize(OutputRing.MAX_LINE_CHARS + 6).endsWith(" [cut]");
    }

    @Test
    void classPathEntriesBecomeAbsoluteForAWorkerInAnotherDirectory() {
        String sep = java.io.File.pathSeparator;
        String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
        assertThat(WorkerCommand.absoluteClassPath("lib/a.jar" + sep + sep + "/opt/b.jar"))
                .isEqualTo(java.nio.file.Path.of(cwd, "lib", "a.jar") + sep + "/opt/b.jar");
    }

    @Test
    void theWorkerCommandRunsTheSameJavaAndClassPathAndExitsOnOutOfMemory() {
        List<String> command = WorkerCommand.sameJvm(List.of("-Xmx64m"), "io.jobwarden.Main", List.of("worker"));
        assertThat(command)
                .containsExactly(
                        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-Xmx64m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        WorkerCommand.absoluteClassPath(System.getProperty("java.class.path")),
                        "io.jobwarden.Main",
                        "worker");
        assertThat(WorkerCommand.sameJvm(List.of("-XX:+CrashOnOutOfMemoryError"), "M", List.of()))
                .doesNotContain("-XX:+ExitOnOutOfMemoryError");
    }
}
