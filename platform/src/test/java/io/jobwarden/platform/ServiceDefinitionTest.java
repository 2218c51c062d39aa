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
        ServiceDefinition d = ServiceDefinition.builder(
                        ServiceName.of("demo"), List.of("java"), Path.of("/srv").toAbsolutePath())
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
        assertThatThrownBy(() -> ServiceDefinition.builder(
                                ServiceName.of("demo"),
                                List.of("java"),
                                Path.of("/srv").toAbsolutePath())
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
}
