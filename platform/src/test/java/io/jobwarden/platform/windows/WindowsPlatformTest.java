package io.jobwarden.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobwarden.platform.InstallPlan;
import io.jobwarden.platform.ServiceDefinition;
import io.jobwarden.platform.ServiceException;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.ServicePassword;
import io.jobwarden.platform.ServiceState;
import io.jobwarden.platform.StartType;
import io.jobwarden.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsPlatformTest {
    private static final ServiceName DEMO = ServiceName.of("demo");
    private static final List<String> COMMAND = List.of(
            "C:\\Program Files\\Java\\jdk-17\\bin\\java.exe",
            "-jar",
            "C:\\Jobwarden\\jobwarden.jar",
            "service",
            "--name",
            "demo",
            "--config",
            "C:\\Jobwarden\\jobwarden.yml");

    private final RecordingScmApi scm = new RecordingScmApi();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final WindowsPlatform platform =
            new WindowsPlatform(scm, clock, millis -> clock.advance(Duration.ofMillis(millis)));

    private static ServiceDefinition.Builder demo() {
        return ServiceDefinition.builder(DEMO, COMMAND, "C:\\srv\\jobwarden");
    }

    @Test
    void installCreatesTheServiceWithRecoveryActionsPreshutdownAndEventSource() {
        platform.install(demo().startType(StartType.DELAYED)
                .dependencies(List.of("Tcpip"))
                .build());

        ScmApi.ServiceSpec spec = scm.services.get("jobwarden-demo");
        assertThat(spec.binaryPath())
                .isEqualTo("\"C:\\Program Files\\Java\\jdk-17\\bin\\java.exe\" -jar C:\\Jobwarden\\jobwarden.jar "
                        + "service --name demo --config C:\\Jobwarden\\jobwarden.yml");
        assertThat(spec.startType()).isEqualTo(Scm.SERVICE_AUTO_START);
        assertThat(spec.account()).isEmpty();
        assertThat(spec.dependencies()).containsExactly("Tcpip");
        assertThat(scm.configs)
                .containsExactly(
                        new ServiceConfig2.Description("Jobwarden scheduled jobs (demo)"),
                        new ServiceConfig2.FailureActions(
                                Duration.ofDays(1),
                                List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30))),
                        new ServiceConfig2.FailureActionsFlag(true),
                        new ServiceConfig2.DelayedAutoStart(true),
                        new ServiceConfig2.PreshutdownTimeout(Duration.ofSeconds(60)));
        assertThat(scm.registry)
                .containsExactly(
                        RegistryValue.expandString(
                                "SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\jobwarden-demo",
                                "EventMessageFile",
                                "%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll"),
                        RegistryValue.dword(
                                "SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\jobwarden-demo",
                                "TypesSupported",
                                7));
        assertThat(scm.calls).containsSubsequence("CreateService jobwarden-demo", "StartService jobwarden-demo");
    }

    @Test
    void manualStartIsDemandStartWithoutDelayedFlagAndIsNotStarted() {
        platform.install(demo().startType(StartType.MANUAL).build());
        assertThat(scm.services.get("jobwarden-demo").startType()).isEqualTo(Scm.SERVICE_DEMAND_START);
        assertThat(scm.configs).noneMatch(c -> c instanceof ServiceConfig2.DelayedAutoStart);
        assertThat(scm.calls).noneMatch(c -> c.startsWith("StartService"));
    }

    @Test
    void thePlanPrintsEverythingButThePassword() {
        InstallPlan plan = platform.installPlan(demo().account(".\\jobs")
                .password(new ServicePassword("environment variable JOBWARDEN_SERVICE_PASSWORD", "s3cret!"))
                .build());
        String text = plan.render();
        assertThat(text)
                .contains(
                        "binary path: \"C:\\Program Files\\Java\\jdk-17\\bin\\java.exe\" -jar",
                        "start type: SERVICE_AUTO_START",
                        "account: .\\jobs (password from environment variable JOBWARDEN_SERVICE_PASSWORD, not shown)",
                        "SERVICE_CONFIG_FAILURE_ACTIONS (2): reset period 86400 s; SC_ACTION_RESTART after 5000 ms, "
                                + "SC_ACTION_RESTART after 10000 ms, SC_ACTION_RESTART after 30000 ms",
                        "fFailureActionsOnNonCrashFailures = TRUE",
                        "fDelayedAutostart = FALSE",
                        "dwPreshutdownTimeout = 60000 ms",
                        "HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\jobwarden-demo EventMessageFile REG_EXPAND_SZ",
                        "TypesSupported REG_DWORD = 7",
                        "StartServiceW jobwarden-demo");
        assertThat(text).doesNotContain("s3cret!");
        assertThat(scm.calls).isEmpty();
    }

    @Test
    void aUserAccountIsGrantedTheServiceLogonRightBeforeTheServiceIsCreated() {
        platform.install(demo().account("CORP\\svc-jobs")
                .password(new ServicePassword("env", "s3cret!"))
                .build());
        assertThat(scm.calls)
                .startsWith("LsaAddAccountRights CORP\\svc-jobs SeServiceLogonRight", "CreateService jobwarden-demo");
    }

    @Test
    void builtInServiceAccountsNeedNoGrant() {
        for (String account : List.of("LocalSystem", "NT AUTHORITY\\LocalService", "NT SERVICE\\jobwarden-demo")) {
            assertThat(platform.installPlan(demo().account(account).build()).render())
                    .as(account)
                    .doesNotContain("LsaAddAccountRights");
        }
        assertThat(platform.installPlan(demo().account(".\\jobs").build()).render())
                .startsWith("Windows service jobwarden-demo\n1. LsaAddAccountRights .\\jobs SeServiceLogonRight");
    }

    @Test
    void anUnknownAccountFailsBeforeAnythingIsCreatedNamingTheOption() {
        scm.unknownAccounts.add(".\\nobody");
        assertThatThrownBy(() -> platform.install(demo().account(".\\nobody").build()))
                .isInstanceOf(ServiceException.class)
                .hasMessage("--account: Windows knows no account '.\\nobody' (write it as DOMAIN\\user or .\\user for"
                        + " a local one)");
        assertThat(scm.services).isEmpty();
    }

    @Test
    void thePasswordReachesCreateServiceOnly() {
        platform.install(demo().account(".\\jobs")
                .password(new ServicePassword("env", "s3cret!"))
                .build());
        assertThat(scm.lastPassword).contains("s3cret!");
        assertThat(scm.services.get("jobwarden-demo").account()).contains(".\\jobs");
    }

    @Test
    void installingTwiceSaysSoInOneLine() {
        platform.install(demo().build());
        assertThatThrownBy(() -> platform.install(demo().build()))
                .isInstanceOf(ServiceException.class)
                .hasMessage("service jobwarden-demo is already installed; run 'jobwarden uninstall --name demo' first");
    }

    @Test
    void aFailedConfigurationStepRemovesTheHalfMadeService() {
        scm.failOnConfigLevel =
                new ScmException("ChangeServiceConfig2", Scm.SERVICE_CONFIG_PRESHUTDOWN_INFO, "refused");
        assertThatThrownBy(() -> platform.install(demo().build())).isSameAs(scm.failOnConfigLevel);
        assertThat(scm.services).isEmpty();
        assertThat(scm.calls).contains("DeleteService jobwarden-demo");
    }

    @Test
    void severalInstancesCoexist() {
        platform.install(demo().build());
        platform.install(ServiceDefinition.builder(ServiceName.of("billing"), COMMAND, "C:\\srv")
                .build());
        assertThat(scm.services).containsOnlyKeys("jobwarden-demo", "jobwarden-billing");
    }

    @Test
    void statusMapsScmStatesToLsbCodes() {
        assertThat(platform.status(DEMO).state()).isEqualTo(ServiceState.NOT_INSTALLED);
        assertThat(platform.status(DEMO).state().lsbExitCode()).isEqualTo(4);
        platform.install(demo().startType(StartType.MANUAL).build());
        assertThat(platform.status(DEMO).state().lsbExitCode()).isEqualTo(3);
        platform.start(DEMO, Duration.ofSeconds(5));
        assertThat(platform.status(DEMO).state()).isEqualTo(ServiceState.RUNNING);
        assertThat(platform.status(DEMO).pid()).contains(4242L);
        assertThat(platform.status(DEMO).state().lsbExitCode()).isZero();
    }

    @Test
    void stopSendsStopAndWaitsForStopped() {
        platform.install(demo().build());
        platform.stop(DEMO, Duration.ofSeconds(5));
        assertThat(scm.calls).contains("ControlService jobwarden-demo 1");
        assertThat(platform.status(DEMO).state()).isEqualTo(ServiceState.STOPPED);
    }

    @Test
    void stopGivesUpAfterItsTimeoutNamingTheState() {
        platform.install(demo().build());
        scm.stateScript.put("jobwarden-demo", new ArrayDeque<>(List.of(Scm.SERVICE_STOP_PENDING)));
        Instant before = clock.instant();
        assertThatThrownBy(() -> platform.stop(DEMO, Duration.ofSeconds(3)))
                .isInstanceOf(ServiceException.class)
                .hasMessage("service jobwarden-demo did not stop within 3 s (still STOP_PENDING, checkpoint 0)");
        assertThat(Duration.between(before, clock.instant())).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void stopDuringAStartWaitsUntilTheServiceRunsThenStopsIt() {
        platform.install(demo().startType(StartType.MANUAL).build());
        scm.state.put("jobwarden-demo", Scm.SERVICE_START_PENDING);
        scm.stateScript.put(
                "jobwarden-demo",
                new ArrayDeque<>(List.of(
                        Scm.SERVICE_START_PENDING,
                        Scm.SERVICE_START_PENDING,
                        Scm.SERVICE_RUNNING,
                        Scm.SERVICE_STOP_PENDING,
                        Scm.SERVICE_STOPPED)));

        platform.stop(DEMO, Duration.ofSeconds(10));

        assertThat(scm.calls).containsOnlyOnce("ControlService jobwarden-demo 1");
        assertThat(platform.status(DEMO).state()).isEqualTo(ServiceState.STOPPED);
    }

    @Test
    void aStopRefusedWith1061IsRetriedOnceTheServiceTakesControls() {
        platform.install(demo().startType(StartType.MANUAL).build());
        // The status said RUNNING, but the SCM refuses: the service went back to starting in between.
        scm.stateScript.put("jobwarden-demo", new ArrayDeque<>(List.of(Scm.SERVICE_RUNNING)));
        scm.refuseControls = 2;

        platform.stop(DEMO, Duration.ofSeconds(10));

        assertThat(scm.calls.stream().filter(c -> c.equals("ControlService jobwarden-demo 1")))
                .hasSize(3);
        assertThat(platform.status(DEMO).state()).isEqualTo(ServiceState.STOPPED);
    }

    @Test
    void stopDuringAStartThatOutlastsTheTimeoutSaysWhyAndWhatToDo() {
        platform.install(demo().startType(StartType.MANUAL).build());
        scm.stateScript.put("jobwarden-demo", new ArrayDeque<>(List.of(Scm.SERVICE_START_PENDING)));
        Instant before = clock.instant();

        assertThatThrownBy(() -> platform.stop(DEMO, Duration.ofSeconds(3)))
                .isInstanceOf(ServiceException.class)
                .hasMessage("service jobwarden-demo is still starting after 3 s (START_PENDING, checkpoint 0) and"
                        + " Windows takes no stop before it is running (error 1061); a start gives up after at most"
                        + " 120 s, so try again then, or end it now with 'taskkill /F /PID 4242'");
        assertThat(Duration.between(before, clock.instant())).isEqualTo(Duration.ofSeconds(3));
        assertThat(scm.calls).doesNotContain("ControlService jobwarden-demo 1");
    }

    @Test
    void uninstallDuringAStartWaitsForTheStartToEndThenRemovesTheService() {
        platform.install(demo().startType(StartType.MANUAL).build());
        scm.stateScript.put(
                "jobwarden-demo",
                new ArrayDeque<>(List.of(Scm.SERVICE_START_PENDING, Scm.SERVICE_START_PENDING, Scm.SERVICE_RUNNING)));

        platform.uninstall(DEMO);

        assertThat(scm.calls).containsSubsequence("ControlService jobwarden-demo 1", "DeleteService jobwarden-demo");
        assertThat(platform.status(DEMO).state()).isEqualTo(ServiceState.NOT_INSTALLED);
    }

    @Test
    void aServiceThatStopsWhileStartingIsAStartFailureWithItsExitCode() {
        platform.install(demo().startType(StartType.MANUAL).build());
        scm.stateScript.put(
                "jobwarden-demo",
                new ArrayDeque<>(List.of(Scm.SERVICE_STOPPED, Scm.SERVICE_START_PENDING, Scm.SERVICE_STOPPED)));
        assertThatThrownBy(() -> platform.start(DEMO, Duration.ofSeconds(5)))
                .hasMessageStartingWith("service jobwarden-demo stopped while starting");
    }

    @Test
    void uninstallStopsDeletesAndRemovesTheEventSource() {
        platform.install(demo().build());
        scm.stateScript.remove("jobwarden-demo");
        scm.state.put("jobwarden-demo", Scm.SERVICE_RUNNING);
        platform.uninstall(DEMO);
        assertThat(scm.calls)
                .containsSubsequence(
                        "ControlService jobwarden-demo 1",
                        "DeleteService jobwarden-demo",
                        "RegDeleteKey SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\jobwarden-demo");
        assertThat(scm.registry).isEmpty();
        assertThat(platform.status(DEMO).state()).isEqualTo(ServiceState.NOT_INSTALLED);
    }

    @Test
    void uninstallOfAnUnknownServiceSaysItIsNotInstalled() {
        assertThatThrownBy(() -> platform.uninstall(DEMO))
                .hasMessage("service jobwarden-demo is not installed (jobwarden install --name demo)");
    }

    @Test
    void onOtherSystemsTheRealPlatformPrintsPlansAndRefusesChangesClearly() {
        WindowsPlatform real = WindowsPlatform.system();
        assertThat(real.installPlan(demo().build()).render()).contains("CreateServiceW jobwarden-demo");
        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertThatThrownBy(() -> real.status(DEMO))
                    .isInstanceOf(ServiceException.class)
                    .hasMessageContaining("exists only on Windows");
        }
    }
}
