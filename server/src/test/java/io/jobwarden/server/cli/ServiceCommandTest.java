package io.jobwarden.server.cli;

import static io.jobwarden.server.cli.InstallCommandTest.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ThreadServiceBody;
import io.jobwarden.platform.windows.RegistryValue;
import io.jobwarden.platform.windows.Scm;
import io.jobwarden.platform.windows.ScmApi;
import io.jobwarden.platform.windows.ScmException;
import io.jobwarden.platform.windows.ScmStatus;
import io.jobwarden.platform.windows.ServiceConfig2;
import io.jobwarden.server.cli.InstallCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ServiceCommandTest {
    @Test
    void underSystemdTheBodyRunsInTheForegroundAndItsExitCodeIsTheProcesssExitCode() {
        AtomicReference<ServiceCommand.Invocation> seen = new AtomicReference<>();
        ServiceCommand service = new ServiceCommand(
                invocation -> {
                    seen.set(invocation);
                    return new ThreadServiceBody("body", () -> 3, Duration.ZERO, null);
                },
                PlatformKind.SYSTEMD,
                () -> {
                    throw new AssertionError("the SCM is not used off Windows");
                });
        Run run = command(
                service,
                "--name",
                "demo",
                "--config",
                "/etc/jobwarden/jobwarden.yml",
                "--port",
                "8081",
                "--shutdown-timeout",
                "45s");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(seen.get())
                .isEqualTo(new ServiceCommand.Invocation(
                        io.jobwarden.platform.ServiceName.of("demo"),
                        Optional.of(Path.of("/etc/jobwarden/jobwarden.yml")),
                        Optional.of(8081),
                        Duration.ofSeconds(45),
                        Optional.empty()));
    }

    @Test
    void onWindowsAProcessNotStartedByTheScmIsToldToUseRun() {
        ServiceCommand service = new ServiceCommand(
                invocation -> new ThreadServiceBody("body", () -> 0, Duration.ZERO, null),
                PlatformKind.WINDOWS,
                NotTheScm::new);
        Run run = command(service, "--name", "demo");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("error: 'service' is started by the Windows service manager (jobwarden start --name demo); "
                        + "to run in this console use 'jobwarden run'\n");
    }

    @Test
    void aServiceStartedFromAConsoleExitsAtOnceWithAClearMessage(@TempDir Path dir) throws Exception {
        List<String> argv = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ConsoleServiceMain.class.getName(),
                "--name",
                "demo");
        Path output = dir.resolve("console.err");
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(output).contains("exiting 1"));
            // From System.exit to the process's end is the shutdown hook's time; it once waited 60 s here.
            assertThat(p.waitFor(2, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readString(output))
                .contains("error: 'service' is started by the Windows service manager (jobwarden start --name demo); "
                        + "to run in this console use 'jobwarden run'");
        assertThat(p.exitValue()).isEqualTo(1);
    }

    @Test
    void aBadNameIsAUsageError() {
        Run run = command(new ServiceCommand(), "--name", "../etc");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: --name: '../etc' is not a valid service name");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void sigtermFromTheServiceManagerReachesTheBodyAsAGracefulStop(@TempDir Path dir) throws Exception {
        List<String> argv = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SleepingServiceMain.class.getName(),
                "--name",
                "demo",
                "--shutdown-timeout",
                "5s");
        Path output = dir.resolve("service.out");
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(output).contains("working as demo drain 5s\n"));
            p.destroy(); // SIGTERM, as systemd sends it
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(output);
        assertThat(lines)
                .anyMatch(l -> l.contains("stop requested by the service manager"))
                .contains("drained");
        assertThat(p.exitValue()).isEqualTo(143); // what SuccessExitStatus=143 in the unit accepts as a clean stop
    }

    /** What the real dispatcher answers when the process was started from a console. */
    static final class NotTheScm implements ScmApi {
        @Override
        public void runDispatcher(String serviceName, Runnable serviceMain) {
            throw new ScmException(
                    "StartServiceCtrlDispatcher",
                    Scm.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT,
                    "The service process could not connect to the service controller.");
        }

        @Override
        public void createService(ServiceSpec spec, Optional<String> password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void changeConfig(String serviceName, ServiceConfig2 config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteService(String serviceName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startService(String serviceName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScmStatus controlService(String serviceName, int control) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ScmStatus> queryStatus(String serviceName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setRegistryValue(RegistryValue value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteRegistryKey(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void grantServiceLogonRight(String account) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StatusChannel registerControlHandler(String serviceName, ControlHandler handler) {
            throw new UnsupportedOperationException();
        }
    }
}
