package io.jobwarden.server.cli;

import static io.jobwarden.server.cli.InstallCommandTest.command;
import static io.jobwarden.server.cli.InstallCommandTest.main;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ProcessCommandRunner;
import io.jobwarden.platform.ServicePlatform;
import io.jobwarden.platform.systemd.SystemdPlatform;
import io.jobwarden.server.cli.InstallCommandTest.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * install, status, start, stop, restart and uninstall end to end against SystemdPlatform with real unit files in a
 * temporary directory; systemd does not run on the build machine, so a script records what systemctl was asked.
 */
@DisabledOnOs(OS.WINDOWS)
class ServiceLifecycleCommandsTest {
    @TempDir
    Path dir;

    private Path calls;
    private Path activeState;
    private Function<PlatformKind, ServicePlatform> platforms;

    @BeforeEach
    void fakeSystemd() throws IOException {
        Path units = Files.createDirectories(dir.resolve("units"));
        Path booted = Files.createDirectories(dir.resolve("booted"));
        calls = dir.resolve("calls.txt");
        activeState = Files.writeString(dir.resolve("active"), "active");
        Path systemctl = dir.resolve("systemctl");
        Files.writeString(
                systemctl,
                "#!/bin/sh\necho \"$*\" >> '" + calls + "'\n"
                        + "if [ \"$1\" = show ]; then echo LoadState=loaded; echo ActiveState=$(cat '" + activeState
                        + "'); "
                        + "echo SubState=running; echo MainPID=4242; fi\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        SystemdPlatform systemd = new SystemdPlatform(units, booted, systemctl.toString(), new ProcessCommandRunner());
        platforms = kind -> systemd;
    }

    /** install as an unpacked distribution runs it: a build's refusal is InstallCommandTest's subject. */
    private InstallCommand fromDistribution() {
        try {
            Path jar = InstallCommandTest.fakeDistribution(dir.resolve("dist"));
            return new InstallCommand(platforms, Map.of(), Optional.of(jar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> recordedCalls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void theWholeLifeCycle() throws IOException {
        assertThat(command(new LifecycleCommand.Status(platforms), "--name", "demo"))
                .isEqualTo(new Run(4, "jobwarden-demo: not installed\n", ""));

        Run install = command(fromDistribution(), "--name", "demo");
        assertThat(install.exitCode()).isZero();
        assertThat(install.out()).isEqualTo("installed systemd unit jobwarden-demo.service\n");
        assertThat(dir.resolve("units/jobwarden-demo.service"))
                .content()
                .contains(" -jar " + dir.resolve("dist/lib/jobwarden.jar") + " service --name demo");

        assertThat(command(new LifecycleCommand.Status(platforms), "--name", "demo"))
                .isEqualTo(new Run(0, "jobwarden-demo: running (pid 4242, active (running))\n", ""));
        Files.writeString(activeState, "inactive");
        assertThat(command(new LifecycleCommand.Status(platforms), "--name", "demo")
                        .exitCode())
                .isEqualTo(3);

        assertThat(command(new LifecycleCommand.Start(platforms), "--name", "demo")
                        .out())
                .isEqualTo("jobwarden-demo started\n");
        assertThat(command(new LifecycleCommand.Stop(platforms), "--name", "demo")
                        .out())
                .isEqualTo("jobwarden-demo stopped\n");
        assertThat(command(new LifecycleCommand.Restart(platforms), "--name", "demo", "--timeout", "1m30s")
                        .out())
                .isEqualTo("jobwarden-demo restarted\n");
        assertThat(command(new LifecycleCommand.Uninstall(platforms), "--name", "demo")
                        .out())
                .isEqualTo("jobwarden-demo uninstalled\n");

        assertThat(recordedCalls())
                .containsSubsequence(
                        "daemon-reload",
                        "enable jobwarden-demo.service",
                        "start jobwarden-demo.service",
                        "start jobwarden-demo.service",
                        "stop jobwarden-demo.service",
                        "restart jobwarden-demo.service",
                        "disable --now jobwarden-demo.service",
                        "daemon-reload");
        assertThat(command(new LifecycleCommand.Status(platforms), "--name", "demo")
                        .exitCode())
                .isEqualTo(4);
    }

    @Test
    void severalInstancesCoexist() {
        assertThat(command(fromDistribution(), "--name", "billing").exitCode()).isZero();
        assertThat(command(fromDistribution(), "--name", "reports").exitCode()).isZero();
        assertThat(dir.resolve("units"))
                .isDirectoryContaining("glob:**/jobwarden-billing.service")
                .isDirectoryContaining("glob:**/jobwarden-reports.service");
    }

    @Test
    void verbsOnAServiceThatIsNotInstalledFailInOneLine() {
        Run stop = command(new LifecycleCommand.Stop(platforms), "--name", "ghost");
        assertThat(stop)
                .isEqualTo(new Run(
                        2, "", "error: service jobwarden-ghost is not installed (jobwarden install --name ghost)\n"));
        Run timeout = command(new LifecycleCommand.Start(platforms), "--name", "demo", "--timeout", "forever");
        assertThat(timeout.exitCode()).isEqualTo(1);
        assertThat(timeout.err()).startsWith("error: --timeout: 'forever' is not a duration");
    }

    @Test
    void uninstallDryRunPrintsItsSteps() {
        Run run = command(new LifecycleCommand.Uninstall(platforms), "--name", "demo", "--dry-run");
        assertThat(run.out())
                .isEqualTo("remove systemd unit jobwarden-demo.service\n"
                        + "1. run: " + dir.resolve("systemctl") + " disable --now jobwarden-demo.service\n"
                        + "2. delete " + dir.resolve("units/jobwarden-demo.service") + "\n"
                        + "3. run: " + dir.resolve("systemctl") + " daemon-reload\n"
                        + "4. run: " + dir.resolve("systemctl")
                        + " reset-failed jobwarden-demo.service   (failure ignored)\n");
    }

    @Test
    void onThisMachineStatusOfAnUnknownInstanceIsFourAndChangesFailWithTwo() {
        assumeFalse(Files.isDirectory(SystemdPlatform.BOOTED_MARKER), "systemd runs here");
        Run status = main("status", "--name", "never-installed-here", "--platform", "systemd");
        assertThat(status.exitCode()).isEqualTo(4);
        assertThat(status.out()).isEqualTo("jobwarden-never-installed-here: not installed\n");
        for (String verb : List.of("start", "stop", "restart", "uninstall")) {
            Run run = main(verb, "--name", "never-installed-here", "--platform", "systemd");
            assertThat(run.exitCode()).as(verb).isEqualTo(2);
            assertThat(run.err())
                    .as(verb)
                    .startsWith("error: cannot " + verb + ": systemd is not running on this machine");
            assertThat(run.err().lines()).as(verb).hasSize(1);
        }
    }

    @Test
    void everyVerbHasItsHelpAndItsOptions() {
        Map<String, List<String>> options = Map.of(
                "start", List.of("--timeout=<timeout>"),
                "stop", List.of("--timeout=<timeout>"),
                "restart", List.of("--timeout=<timeout>"),
                "uninstall", List.of("--dry-run"),
                "status", List.of());
        options.forEach((verb, own) -> {
            Run help = main(verb, "--help");
            assertThat(help.exitCode()).as(verb).isZero();
            assertThat(help.out())
                    .as(verb)
                    .startsWith("Usage: jobwarden " + verb + " ")
                    .contains("--name=<name>", "--platform=<platform>", "-h, --help", "-V, --version");
            own.forEach(option -> assertThat(help.out()).as(verb).contains(option));
            if (!verb.equals("uninstall")) assertThat(help.out()).as(verb).doesNotContain("--dry-run");
        });
        assertThat(main("status", "--help").out()).doesNotContain("--timeout");
        assertThat(main("start").exitCode()).as("--name is required").isEqualTo(Main.USAGE);
    }
}
