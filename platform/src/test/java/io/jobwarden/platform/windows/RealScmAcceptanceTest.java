package io.jobwarden.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinReg;
import io.jobwarden.platform.ServiceDefinition;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.ServiceRecovery;
import io.jobwarden.platform.ServiceState;
import io.jobwarden.platform.ServiceStatus;
import io.jobwarden.platform.StartType;
import io.jobwarden.platform.windows.jna.JnaEventLogSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real Windows SCM (needs an elevated prompt; GitHub's windows-latest runners are): install, start,
 * kill the service process and see the SCM restart it, stop, uninstall.
 */
@EnabledOnOs(OS.WINDOWS)
class RealScmAcceptanceTest {
    private final ServiceName name =
            ServiceName.of("test-" + UUID.randomUUID().toString().substring(0, 8));
    private final WindowsPlatform platform = WindowsPlatform.system();

    @AfterEach
    void cleanUp() {
        if (platform.status(name).state() != ServiceState.NOT_INSTALLED) platform.uninstall(name);
    }

    @Test
    void installStartKillRestartStopUninstall(@TempDir Path dir) throws Exception {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java.exe").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SleepingWindowsService.class.getName(),
                name.serviceId());
        ServiceDefinition definition = ServiceDefinition.builder(name, command, dir)
                .startType(StartType.MANUAL)
                .shutdownTimeout(Duration.ofSeconds(5))
                .restartPolicy(new ServiceRecovery(
                        List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)),
                        Duration.ofDays(1)))
                .build();
        platform.install(definition);
        assertThat(platform.status(name).state()).isEqualTo(ServiceState.STOPPED);
        assertThat(Advapi32Util.registryGetExpandableStringValue(
                        WinReg.HKEY_LOCAL_MACHINE, EventLogSource.key(name.serviceId()), "EventMessageFile"))
                .isEqualTo(EventLogSource.MESSAGE_FILE);

        platform.start(name, Duration.ofMinutes(1));
        ServiceStatus running = platform.status(name);
        assertThat(running.state()).isEqualTo(ServiceState.RUNNING);
        long firstPid = running.pid().orElseThrow();

        Process kill = new ProcessBuilder("taskkill", "/F", "/PID", String.valueOf(firstPid))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();

        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    ServiceStatus s = platform.status(name);
                    return s.state() == ServiceState.RUNNING
                            && s.pid().isPresent()
                            && s.pid().get() != firstPid;
                });

        try (JnaEventLogSink sink = new JnaEventLogSink(name.serviceId())) {
            sink.report(Scm.EVENTLOG_WARNING_TYPE, 1001, "Jobwarden acceptance test: Event Log works");
        }

        platform.stop(name, Duration.ofMinutes(1));
        assertThat(platform.status(name).state()).isEqualTo(ServiceState.STOPPED);
        platform.uninstall(name);
        // DeleteService only marks the service; it goes once the SCM's last handle to it is closed.
        await().atMost(Duration.ofSeconds(30)).until(() -> platform.status(name).state() == ServiceState.NOT_INSTALLED);
    }
}
