package io.jobwarden.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceDefinitionTest {
    @Test
    void namesAreLettersDigitsUnderscoreAndDashUpTo64() {
        assertThat(ServiceName.of("billing_jobs-2").serviceId()).isEqualTo("jobwarden-billing_jobs-2");
        assertThat(ServiceName.of("a".repeat(64)).value()).hasSize(64);
        for (String bad : List.of("", "a b", "a.b", "a/b", "ä", "a".repeat(65), "x@y")) {
            assertThatThrownBy(() -> ServiceName.of(bad))
                    .isInstanceOf(InvalidServiceDefinitionException.class)
                    .hasMessageStartingWith("--name: ");
        }
        assertThatThrownBy(() -> ServiceName.of("a b"))
                .hasMessage("--name: 'a b' is not a valid service name; use 1 to 64 letters, digits, '_' or '-'");
    }

    @Test
    void startTypesAndPlatformsParseWithClearErrors() {
        assertThat(StartType.parse("Delayed")).isEqualTo(StartType.DELAYED);
        assertThatThrownBy(() -> StartType.parse("sometimes"))
                .hasMessage("--start: 'sometimes' is not a start type; use one of auto, delayed, manual");
        assertThat(PlatformKind.parse("systemd")).isEqualTo(PlatformKind.SYSTEMD);
        assertThatThrownBy(() -> PlatformKind.parse("upstart"))
                .hasMessageStartingWith("--platform: 'upstart' is not a platform");
        assertThat(PlatformKind.forOsName("Windows Server 2022")).isEqualTo(PlatformKind.WINDOWS);
        assertThat(PlatformKind.forOsName("Mac OS X")).isEqualTo(PlatformKind.LAUNCHD);
        assertThat(PlatformKind.forOsName("Linux")).isEqualTo(PlatformKind.SYSTEMD);
    }

    @Test
    void defaultsAreTheStandardRestartsAndAStopBudgetWithMargin() {
        ServiceDefinition d = ServiceDefinition.builder(ServiceName.of("demo"), List.of("java"), "C:\\srv")
                .build();
        assertThat(d.restartPolicy().delays())
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
        assertThat(d.restartPolicy().resetAfter()).isEqualTo(Duration.ofDays(1));
        assertThat(d.stopTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.description()).isEqualTo("Jobwarden scheduled jobs (demo)");
        assertThat(d.account()).isEqualTo(Optional.empty());
    }

    @Test
    void aPasswordWithoutAnAccountIsRefusedAndNeverPrinted() {
        ServicePassword p = new ServicePassword("environment variable X", "hunter2");
        assertThat(p.toString()).doesNotContain("hunter2");
        assertThatThrownBy(() -> ServiceDefinition.builder(ServiceName.of("demo"), List.of("java"), "C:\\srv")
                        .password(p)
                        .build())
                .hasMessageStartingWith("--password-env: ");
    }

    @Test
    void fromAClassesDirectoryTheLaunchUsesTheClassPathAndMainClass() {
        JavaLaunch launch = JavaLaunch.of(ServiceDefinitionTest.class, Optional.empty(), false);
        assertThat(launch.java())
                .isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toAbsolutePath()
                        .normalize());
        assertThat(launch.programArgs()).hasSize(3);
        assertThat(launch.programArgs().get(0)).isEqualTo("-cp");
        assertThat(launch.programArgs().get(1)).contains("test-classes");
        assertThat(launch.programArgs().get(2)).isEqualTo(ServiceDefinitionTest.class.getName());
        assertThat(launch.command(List.of("service", "--name", "demo"))).endsWith("service", "--name", "demo");
        assertThat(JavaLaunch.of(ServiceDefinitionTest.class, Optional.of(Path.of("/opt/jdk/bin/java")), true)
                        .java())
                .isEqualTo(Path.of("/opt/jdk/bin/java").toAbsolutePath());
    }

    @Test
    void pathRulesFollowTheTargetNotTheHost() {
        assertThat(PathRules.WINDOWS.isAbsolute("C:\\jw\\billing.yml")).isTrue();
        assertThat(PathRules.WINDOWS.isAbsolute("c:/jw")).isTrue();
        assertThat(PathRules.WINDOWS.isAbsolute("\\\\server\\share\\jw.yml")).isTrue();
        // the workflow's failure: a POSIX root is relative to the current drive on Windows
        assertThat(PathRules.WINDOWS.isAbsolute("/var/lib/jobwarden")).isFalse();
        assertThat(PathRules.WINDOWS.isAbsolute("\\var\\lib")).isFalse();
        assertThat(PathRules.WINDOWS.isAbsolute("C:jw")).isFalse();
        assertThat(PathRules.POSIX.isAbsolute("/var/lib/jobwarden")).isTrue();
        assertThat(PathRules.POSIX.isAbsolute("C:\\jw\\billing.yml")).isFalse();
        assertThat(PathRules.WINDOWS.parent("C:\\jw\\billing.yml")).isEqualTo("C:\\jw");
        assertThat(PathRules.WINDOWS.parent("C:\\billing.yml")).isEqualTo("C:\\");
        assertThat(PathRules.POSIX.parent("/etc/jw.yml")).isEqualTo("/etc");
        assertThat(PathRules.POSIX.parent("/jw.yml")).isEqualTo("/");
        assertThat(PathRules.WINDOWS.resolve("C:\\ProgramData", "Jobwarden\\demo"))
                .isEqualTo("C:\\ProgramData\\Jobwarden\\demo");
        assertThat(PathRules.of(PlatformKind.WINDOWS)).isEqualTo(PathRules.WINDOWS);
        assertThat(PathRules.of(PlatformKind.LAUNCHD)).isEqualTo(PathRules.POSIX);
    }

    @Test
    void theHostRulesAreWindowsWhenPretendingSoPosixWorkingDirectoriesAreRefused() {
        boolean pretending = Boolean.getBoolean(PathRules.PRETEND_WINDOWS_PROPERTY)
                || System.getProperty("os.name").startsWith("Windows");
        assertThat(PathRules.host()).isEqualTo(pretending ? PathRules.WINDOWS : PathRules.POSIX);
        if (pretending) {
            assertThatThrownBy(() -> ServiceDefinition.builder(
                                    ServiceName.of("demo"), List.of("java"), Path.of("/var/lib/jobwarden"))
                            .build())
                    .hasMessage("--working-dir: '/var/lib/jobwarden' is not an absolute path here");
        }
        assertThatThrownBy(() -> ServiceDefinition.builder(ServiceName.of("demo"), List.of("java"), Path.of("srv"))
                        .build())
                .hasMessage("--working-dir: 'srv' is not an absolute path here");
        // a Windows service defined on Linux: text, checked by the target's rules when the plan is made
        ServiceDefinition windows = ServiceDefinition.builder(ServiceName.of("demo"), List.of("java"), "C:\\jw")
                .build();
        assertThat(windows.requireAbsoluteFor(PlatformKind.WINDOWS)).isSameAs(windows);
        assertThatThrownBy(() -> windows.requireAbsoluteFor(PlatformKind.SYSTEMD))
                .hasMessage("--working-dir: 'C:\\jw' is not an absolute systemd path");
    }
}
