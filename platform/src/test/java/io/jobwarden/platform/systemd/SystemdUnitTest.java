package io.jobwarden.platform.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobwarden.platform.CommandRunner;
import io.jobwarden.platform.PosixOnly;
import io.jobwarden.platform.ProcessCommandRunner;
import io.jobwarden.platform.ServiceDefinition;
import io.jobwarden.platform.ServiceName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Definitions with POSIX paths, as the target OS writes them. */
@PosixOnly
class SystemdUnitTest {
    private static ServiceDefinition demo() {
        return ServiceDefinition.builder(
                        ServiceName.of("demo"),
                        List.of(
                                "/usr/lib/jvm/java-17/bin/java",
                                "-jar",
                                "/opt/job warden/jobwarden.jar",
                                "service",
                                "--name",
                                "demo",
                                "--config",
                                "/etc/jobwarden/100%.yml"),
                        Path.of("/var/lib/jobwarden"))
                .account("jobwarden")
                .dependencies(List.of("postgresql"))
                .shutdownTimeout(Duration.ofSeconds(45))
                .build();
    }

    /** Sections and their keys, in order; a key that repeats keeps its last value. */
    static Map<String, Map<String, String>> parse(String unit) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : unit.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            if (line.startsWith("[")) {
                assertThat(line).matches("\\[[A-Za-z]+\\]");
                current = new LinkedHashMap<>();
                sections.put(line.substring(1, line.length() - 1), current);
                continue;
            }
            assertThat(current).as("key outside a section: " + line).isNotNull();
            assertThat(line).matches("[A-Za-z]+=.*");
            current.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        return sections;
    }

    @Test
    void theUnitRestartsAlwaysAndStopsWithinTheShutdownTimeoutPlusMargin() {
        Map<String, Map<String, String>> unit = parse(SystemdUnit.render(demo()));
        assertThat(unit).containsOnlyKeys("Unit", "Service", "Install");
        Map<String, String> service = unit.get("Service");
        assertThat(service)
                .containsEntry("Restart", "always")
                .containsEntry("RestartSec", "5s")
                .containsEntry("KillMode", "mixed")
                .containsEntry("TimeoutStopSec", "75s")
                .containsEntry("User", "jobwarden")
                .containsEntry("WorkingDirectory", "/var/lib/jobwarden")
                .containsEntry("StandardOutput", "journal")
                .containsEntry("SyslogIdentifier", "jobwarden-demo");
        assertThat(unit.get("Unit"))
                .containsEntry("StartLimitIntervalSec", "0")
                .containsEntry("Requires", "postgresql.service")
                .containsEntry("After", "network-online.target postgresql.service");
        assertThat(unit.get("Install")).containsEntry("WantedBy", "multi-user.target");
    }

    @Test
    void theSandboxLeavesTheInstanceDirectoriesWritableAndStateDirectoryCreatesTheDefaultOne() {
        ServiceDefinition d = ServiceDefinition.builder(
                        ServiceName.of("demo"),
                        List.of("/usr/bin/java", "-jar", "/opt/jw/lib/jobwarden.jar"),
                        Path.of("/var/lib/jobwarden/demo"))
                .account("jobwarden")
                .writablePaths(List.of("/var/lib/jobwarden/demo", "/var/log/jobwarden demo"))
                .build();
        Map<String, String> service = parse(SystemdUnit.render(d)).get("Service");
        assertThat(service)
                .containsEntry("NoNewPrivileges", "yes")
                .containsEntry("PrivateTmp", "yes")
                .containsEntry("ProtectSystem", "full")
                .containsEntry("StateDirectory", "jobwarden/demo")
                .containsEntry("ReadWritePaths", "-/var/lib/jobwarden/demo \"-/var/log/jobwarden demo\"");

        ServiceDefinition srv = ServiceDefinition.builder(
                        ServiceName.of("demo"), List.of("/usr/bin/java"), Path.of("/srv/jw"))
                .build();
        Map<String, String> elsewhere = parse(SystemdUnit.render(srv)).get("Service");
        assertThat(elsewhere).doesNotContainKey("StateDirectory").containsEntry("ReadWritePaths", "-/srv/jw");
    }

    @Test
    void execStartQuotesSpacesAndEscapesSpecifiers() {
        assertThat(parse(SystemdUnit.render(demo())).get("Service").get("ExecStart"))
                .isEqualTo("/usr/lib/jvm/java-17/bin/java -jar \"/opt/job warden/jobwarden.jar\" service --name demo "
                        + "--config \"/etc/jobwarden/100%%.yml\"");
        assertThat(SystemdUnit.execLine(List.of("/bin/echo", "$HOME"))).isEqualTo("/bin/echo \"$$HOME\"");
    }

    @Test
    void systemdAnalyzeAcceptsTheUnit(@TempDir Path dir) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        // verify checks that the executable exists, so the unit runs a real one here
        ServiceDefinition d = ServiceDefinition.builder(
                        ServiceName.of("demo"),
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-jar",
                                "/opt/job warden/jobwarden.jar",
                                "service",
                                "--name",
                                "demo"),
                        dir)
                .build();
        Path unit = dir.resolve("jobwarden-demo.service");
        Files.writeString(unit, SystemdUnit.render(d));
        List<String> argv = new ArrayList<>(List.of("/usr/bin/systemd-analyze", "verify", unit.toString()));
        CommandRunner.Result r = new ProcessCommandRunner().run(argv, Duration.ofSeconds(60));
        assertThat(r.output()).isEmpty();
        assertThat(r.exitCode()).isZero();
    }
}
