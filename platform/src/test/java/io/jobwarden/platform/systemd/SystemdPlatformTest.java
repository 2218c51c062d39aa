package io.jobwarden.platform.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobwarden.platform.PosixOnly;
import io.jobwarden.platform.ProcessCommandRunner;
import io.jobwarden.platform.ServiceDefinition;
import io.jobwarden.platform.ServiceException;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.ServiceState;
import io.jobwarden.platform.ServiceStatus;
import io.jobwarden.platform.StartType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd itself does not run on this build machine, so systemctl is played by a real script that records its
 * arguments; the unit files are real files in a temporary unit directory.
 */
@DisabledOnOs(OS.WINDOWS)
@PosixOnly
class SystemdPlatformTest {
    private static final ServiceName DEMO = ServiceName.of("demo");

    @TempDir
    Path dir;

    private Path units;
    private Path booted;
    private Path calls;

    @BeforeEach
    void layout() throws IOException {
        units = Files.createDirectories(dir.resolve("etc/systemd/system"));
        booted = dir.resolve("run/systemd/system");
        calls = dir.resolve("calls.txt");
    }

    private SystemdPlatform platform(int exitCode, String showOutput) throws IOException {
        Files.createDirectories(booted);
        Path systemctl = dir.resolve("systemctl");
        Files.writeString(
                systemctl,
                "#!/bin/sh\n"
                        + "echo \"$*\" >> '" + calls + "'\n"
                        + "if [ \"$1\" = show ]; then printf '" + showOutput + "'; fi\n"
                        + "if [ " + exitCode
                        + " -ne 0 ]; then echo 'Failed to start jobwarden-demo.service: Unit is masked.' >&2; fi\n"
                        + "exit " + exitCode + "\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new SystemdPlatform(units, booted, systemctl.toString(), new ProcessCommandRunner());
    }

    private ServiceDefinition demo(StartType start) {
        return ServiceDefinition.builder(
                        DEMO,
                        List.of("/usr/bin/java", "-jar", "/opt/jobwarden/jobwarden.jar", "service", "--name", "demo"),
                        Path.of("/var/lib/jobwarden"))
                .startType(start)
                .build();
    }

    private List<String> recordedCalls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void installWritesTheUnitReloadsEnablesAndStarts() throws IOException {
        SystemdPlatform platform = platform(0, "");
        platform.install(demo(StartType.AUTO));
        Path unit = units.resolve("jobwarden-demo.service");
        assertThat(unit).content().isEqualTo(SystemdUnit.render(demo(StartType.AUTO)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(unit)))
                .isEqualTo("rw-r--r--");
        assertThat(recordedCalls())
                .containsExactly("daemon-reload", "enable jobwarden-demo.service", "start jobwarden-demo.service");
    }

    @Test
    void aManualUnitIsNeitherEnabledNorStarted() throws IOException {
        platform(0, "").install(demo(StartType.MANUAL));
        assertThat(recordedCalls()).containsExactly("daemon-reload");
    }

    @Test
    void aFailingSystemctlLeavesNoUnitBehindAndSaysWhyInOneLine() throws IOException {
        SystemdPlatform platform = platform(1, "");
        assertThatThrownBy(() -> platform.install(demo(StartType.AUTO)))
                .isInstanceOf(ServiceException.class)
                .hasMessageEndingWith(
                        "systemctl daemon-reload failed: Failed to start jobwarden-demo.service: Unit is masked.")
                .hasMessageNotContaining("\n");
        assertThat(units.resolve("jobwarden-demo.service")).doesNotExist();
    }

    @Test
    void installingTwiceIsRefused() throws IOException {
        SystemdPlatform platform = platform(0, "");
        platform.install(demo(StartType.AUTO));
        assertThatThrownBy(() -> platform.install(demo(StartType.AUTO))).hasMessageContaining("is already installed");
    }

    @Test
    void uninstallDisablesStopsRemovesAndReloads() throws IOException {
        SystemdPlatform platform = platform(0, "");
        platform.install(demo(StartType.AUTO));
        Files.delete(calls);
        platform.uninstall(DEMO);
        assertThat(units.resolve("jobwarden-demo.service")).doesNotExist();
        assertThat(recordedCalls())
                .containsExactly(
                        "disable --now jobwarden-demo.service", "daemon-reload", "reset-failed jobwarden-demo.service");
    }

    @Test
    void statusReadsSystemctlShow() throws IOException {
        SystemdPlatform platform =
                platform(0, "LoadState=loaded\\nActiveState=active\\nSubState=running\\nMainPID=4242\\n");
        assertThat(platform.status(DEMO).state()).isEqualTo(ServiceState.NOT_INSTALLED);
        platform.install(demo(StartType.AUTO));
        ServiceStatus status = platform.status(DEMO);
        assertThat(status.state()).isEqualTo(ServiceState.RUNNING);
        assertThat(status.pid()).contains(4242L);
        assertThat(status.describe()).isEqualTo("running (pid 4242, active (running))");
    }

    @Test
    void showOutputMapsToStates() {
        assertThat(SystemdPlatform.parseShow("LoadState=loaded\nActiveState=inactive\nSubState=dead\nMainPID=0\n")
                        .state())
                .isEqualTo(ServiceState.STOPPED);
        assertThat(SystemdPlatform.parseShow("LoadState=loaded\nActiveState=failed\nSubState=failed\n")
                        .state()
                        .lsbExitCode())
                .isEqualTo(3);
        assertThat(SystemdPlatform.parseShow("LoadState=loaded\nActiveState=activating\nSubState=auto-restart\n")
                        .state())
                .isEqualTo(ServiceState.STARTING);
        assertThat(SystemdPlatform.parseShow("LoadState=not-found\nActiveState=inactive\n")
                        .state())
                .isEqualTo(ServiceState.NOT_INSTALLED);
    }

    @Test
    void withoutSystemdEveryChangeFailsClearlyAndChangesNothing() {
        SystemdPlatform platform = new SystemdPlatform(units, booted, "systemctl", new ProcessCommandRunner());
        assertThatThrownBy(() -> platform.install(demo(StartType.AUTO)))
                .isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("cannot install: systemd is not running on this machine (PID 1 is ")
                .hasMessageNotContaining("\n");
        assertThat(units).isEmptyDirectory();
        assertThatThrownBy(() -> platform.stop(DEMO, Duration.ofSeconds(5)))
                .hasMessageStartingWith("cannot stop: systemd is not running");
        assertThat(platform.status(DEMO).state()).isEqualTo(ServiceState.NOT_INSTALLED);
    }

    @Test
    void theRealSystemctlSaysWhyWhenSystemdIsNotPidOne() throws IOException {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/systemctl")) && !Files.isDirectory(SystemdPlatform.BOOTED_MARKER),
                "needs systemctl installed on a machine where systemd is not PID 1");
        Files.createDirectories(booted); // pretend, so that the real systemctl is asked and refuses
        SystemdPlatform platform = new SystemdPlatform(units, booted, "/usr/bin/systemctl", new ProcessCommandRunner());
        assertThatThrownBy(() -> platform.install(demo(StartType.AUTO)))
                .hasMessageStartingWith("/usr/bin/systemctl daemon-reload failed: ")
                .hasMessageNotContaining("\n");
        assertThat(units.resolve("jobwarden-demo.service")).doesNotExist();
    }
}
