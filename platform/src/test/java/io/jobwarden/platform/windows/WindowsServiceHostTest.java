package io.jobwarden.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The exact SERVICE_STATUS sequences the service process reports, against a recording SCM. */
class WindowsServiceHostTest {
    private static final String NAME = "jobwarden-demo";
    // slice 10 ms: wait hints are 20 ms; the start budget is 10 slices, the stop budget (50 + 50 ms) 10 slices
    private static final WindowsServiceHost.Timings TIMINGS = new WindowsServiceHost.Timings(
            Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(50));
    private static final String RUNNING = "RUNNING accepts=STOP|PAUSE_CONTINUE|SHUTDOWN|PRESHUTDOWN";

    private final RecordingScmApi scm = new RecordingScmApi();
    private final ScriptedBody body = new ScriptedBody();
    private final WindowsServiceHost host = new WindowsServiceHost(scm, NAME, body, TIMINGS);

    private CompletableFuture<Integer> runUntilRunning() {
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(host::run);
        await().atMost(Duration.ofSeconds(10)).until(() -> scm.reportedText().contains(RUNNING));
        return exit;
    }

    private int exitCode(CompletableFuture<Integer> exit) throws Exception {
        return exit.get(10, TimeUnit.SECONDS);
    }

    @Test
    void startReportsPendingThenRunningOnlyOnceHealthy() throws Exception {
        body.unhealthyAnswers = 2;
        CompletableFuture<Integer> exit = runUntilRunning();
        assertThat(scm.reportedText())
                .containsExactly(
                        "START_PENDING cp=1 hint=20 accepts=0",
                        "START_PENDING cp=2 hint=20 accepts=0",
                        "START_PENDING cp=3 hint=20 accepts=0",
                        RUNNING);
        scm.control(Scm.SERVICE_CONTROL_STOP);
        assertThat(exitCode(exit)).isZero();
    }

    @Test
    void stopReportsStopPendingWithRisingCheckpointsWhileDrainingThenStopped() throws Exception {
        body.awaitsToStop = 3;
        CompletableFuture<Integer> exit = runUntilRunning();

        assertThat(scm.control(Scm.SERVICE_CONTROL_STOP)).isEqualTo(Scm.NO_ERROR);

        assertThat(exitCode(exit)).isZero();
        assertThat(scm.reportedText())
                .containsExactly(
                        "START_PENDING cp=1 hint=20 accepts=0",
                        RUNNING,
                        "STOP_PENDING cp=1 hint=20 accepts=0",
                        "STOP_PENDING cp=2 hint=20 accepts=0",
                        "STOP_PENDING cp=3 hint=20 accepts=0",
                        "STOPPED accepts=0");
        assertThat(body.events).containsExactly("start", "stop 50");
    }

    @Test
    void theBodysOwnShutdownTimeoutIsTheDrainAndThePreshutdownWaitIsDerivedFromIt() throws Exception {
        body.shutdownTimeout = Duration.ofMillis(70);
        CompletableFuture<Integer> exit = runUntilRunning();

        assertThat(scm.control(Scm.SERVICE_CONTROL_PRESHUTDOWN)).isEqualTo(Scm.NO_ERROR);

        assertThat(exitCode(exit)).isZero();
        assertThat(body.events).containsExactly("start", "stop 70");
        assertThat(scm.calls).containsExactly("ChangeServiceConfig2 " + NAME + " 7");
        assertThat(scm.configs).containsExactly(new ServiceConfig2.PreshutdownTimeout(Duration.ofMillis(120)));
    }

    @Test
    void aPreshutdownWaitThatCannotBeSetStillLeavesTheConfiguredDrain() throws Exception {
        body.shutdownTimeout = Duration.ofMillis(70);
        scm.failOnConfigLevel = new ScmException("ChangeServiceConfig2", 7, "Access is denied.");
        CompletableFuture<Integer> exit = runUntilRunning();

        assertThat(scm.control(Scm.SERVICE_CONTROL_STOP)).isEqualTo(Scm.NO_ERROR);

        assertThat(exitCode(exit)).isZero();
        assertThat(body.events).containsExactly("start", "stop 70");
    }

    @Test
    void shutdownDrainsLikeStop() throws Exception {
        CompletableFuture<Integer> exit = runUntilRunning();
        assertThat(scm.control(Scm.SERVICE_CONTROL_SHUTDOWN)).isEqualTo(Scm.NO_ERROR);
        assertThat(exitCode(exit)).isZero();
        assertThat(scm.reportedText())
                .containsExactly(
                        "START_PENDING cp=1 hint=20 accepts=0",
                        RUNNING,
                        "STOP_PENDING cp=1 hint=20 accepts=0",
                        "STOPPED accepts=0");
        assertThat(body.events).containsExactly("start", "stop 50");
    }

    @Test
    void preshutdownDrainsAndTheLaterShutdownChangesNothing() throws Exception {
        body.awaitsToStop = 2;
        CompletableFuture<Integer> exit = runUntilRunning();
        assertThat(scm.control(Scm.SERVICE_CONTROL_PRESHUTDOWN)).isEqualTo(Scm.NO_ERROR);
        assertThat(scm.control(Scm.SERVICE_CONTROL_SHUTDOWN)).isEqualTo(Scm.NO_ERROR);
        assertThat(exitCode(exit)).isZero();
        assertThat(scm.reportedText())
                .containsExactly(
                        "START_PENDING cp=1 hint=20 accepts=0",
                        RUNNING,
                        "STOP_PENDING cp=1 hint=20 accepts=0",
                        "STOP_PENDING cp=2 hint=20 accepts=0",
                        "STOPPED accepts=0");
        assertThat(body.events).containsExactly("start", "stop 50");
    }

    @Test
    void pauseAndContinuePauseAndResumeClaiming() throws Exception {
        CompletableFuture<Integer> exit = runUntilRunning();
        scm.control(Scm.SERVICE_CONTROL_PAUSE);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> scm.reportedText().stream().anyMatch(s -> s.startsWith("PAUSED")));
        scm.control(Scm.SERVICE_CONTROL_CONTINUE);
        await().atMost(Duration.ofSeconds(10)).until(() -> scm.reportedText().size() == 6);
        scm.control(Scm.SERVICE_CONTROL_STOP);
        assertThat(exitCode(exit)).isZero();
        assertThat(scm.reportedText())
                .containsExactly(
                        "START_PENDING cp=1 hint=20 accepts=0",
                        RUNNING,
                        "PAUSE_PENDING cp=1 hint=20 accepts=0",
                        "PAUSED accepts=STOP|PAUSE_CONTINUE|SHUTDOWN|PRESHUTDOWN",
                        "CONTINUE_PENDING cp=1 hint=20 accepts=0",
                        RUNNING,
                        "STOP_PENDING cp=1 hint=20 accepts=0",
                        "STOPPED accepts=0");
        assertThat(body.events).containsExactly("start", "pause", "resume", "stop 50");
    }

    @Test
    void interrogateRepeatsTheCurrentStatusAndUnknownControlsAreRefused() throws Exception {
        CompletableFuture<Integer> exit = runUntilRunning();
        assertThat(scm.control(Scm.SERVICE_CONTROL_INTERROGATE)).isEqualTo(Scm.NO_ERROR);
        assertThat(scm.control(0x10 /* SERVICE_CONTROL_PARAMCHANGE... not accepted */))
                .isEqualTo(Scm.ERROR_CALL_NOT_IMPLEMENTED);
        assertThat(scm.reportedText()).containsExactly("START_PENDING cp=1 hint=20 accepts=0", RUNNING, RUNNING);
        scm.control(Scm.SERVICE_CONTROL_STOP);
        assertThat(exitCode(exit)).isZero();
    }

    @Test
    void aStartThatThrowsStopsWithAServiceSpecificErrorSoRecoveryFires() throws Exception {
        body.startFailure = new IllegalStateException("config file missing");
        int code = host.run();
        assertThat(code).isEqualTo(WindowsServiceHost.FAILURE_EXIT_CODE);
        assertThat(scm.reportedText())
                .containsExactly("START_PENDING cp=1 hint=20 accepts=0", "STOPPED accepts=0 exit=1066/2");
    }

    @Test
    void aBodyThatEndsWhileStartingStopsWithItsExitCode() {
        body.endsWhileStartingWith = 7;
        assertThat(host.run()).isEqualTo(7);
        assertThat(scm.reportedText())
                .containsExactly(
                        "START_PENDING cp=1 hint=20 accepts=0",
                        "START_PENDING cp=2 hint=20 accepts=0",
                        "STOPPED accepts=0 exit=1066/7");
    }

    @Test
    void aBodyNeverHealthyIsStoppedAfterTheStartTimeoutAndReportedAsFailed() {
        body.unhealthyAnswers = Integer.MAX_VALUE;
        assertThat(host.run()).isEqualTo(WindowsServiceHost.FAILURE_EXIT_CODE);
        assertThat(scm.reportedText())
                .hasSize(13)
                .startsWith("START_PENDING cp=1 hint=20 accepts=0", "START_PENDING cp=2 hint=20 accepts=0")
                .contains("START_PENDING cp=10 hint=20 accepts=0", "START_PENDING cp=11 hint=20 accepts=0")
                .endsWith("STOP_PENDING cp=1 hint=20 accepts=0", "STOPPED accepts=0 exit=1066/2");
        assertThat(body.events).containsExactly("start", "stop 50");
    }

    /** A host whose crash exit is recorded instead of ending the test JVM. */
    private WindowsServiceHost crashRecordingHost(List<Integer> crashExits) {
        return new WindowsServiceHost(scm, NAME, () -> body, () -> scm.eventLog(NAME), TIMINGS, crashExits::add);
    }

    @Test
    void aCrashWhileRunningEndsTheProcessWithoutStoppedSoTheScmsCrashRecoveryFires() throws Exception {
        List<Integer> crashExits = new CopyOnWriteArrayList<>();
        WindowsServiceHost crashing = crashRecordingHost(crashExits);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(crashing::run);
        await().atMost(Duration.ofSeconds(10)).until(() -> scm.reportedText().contains(RUNNING));

        body.crash(4);

        assertThat(exitCode(exit)).isEqualTo(4);
        assertThat(crashExits).containsExactly(4);
        // No STOPPED: a stop with an error restarts only once the failure-actions flag is in effect (after a
        // reboot); a process that ends without STOPPED is a crash, and the failure actions always apply to that.
        assertThat(scm.reportedText()).containsExactly("START_PENDING cp=1 hint=20 accepts=0", RUNNING);
        assertThat(scm.sequence)
                .contains("ReportEvent type=1 id=" + WindowsServiceHost.ENDED_UNEXPECTEDLY_EVENT_ID
                        + " Jobwarden service " + NAME + " ended unexpectedly (exit code 4); the process exits so"
                        + " that the service's recovery actions restart it");
        // The console shutdown hook, run by the exit, must not wait for a drain.
        assertThat(crashing.awaitFinished(Duration.ZERO)).isTrue();
    }

    @Test
    void anUnexpectedCleanEndAfterRunningStillCountsAsACrash() throws Exception {
        List<Integer> crashExits = new CopyOnWriteArrayList<>();
        WindowsServiceHost crashing = crashRecordingHost(crashExits);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(crashing::run);
        await().atMost(Duration.ofSeconds(10)).until(() -> scm.reportedText().contains(RUNNING));

        body.crash(0);

        assertThat(exitCode(exit)).isEqualTo(WindowsServiceHost.FAILURE_EXIT_CODE);
        assertThat(crashExits).containsExactly(WindowsServiceHost.FAILURE_EXIT_CODE);
        assertThat(scm.reportedText()).noneMatch(s -> s.startsWith("STOPPED"));
    }

    @Test
    void aBodyThatWillNotStopIsReportedStoppedCleanlyAfterTheBudget() throws Exception {
        body.awaitsToStop = Integer.MAX_VALUE;
        CompletableFuture<Integer> exit = runUntilRunning();
        scm.control(Scm.SERVICE_CONTROL_STOP);
        assertThat(exitCode(exit)).isZero();
        // STOP_PENDING cp=1 from the handler, then one per slice of the 100 ms budget
        assertThat(scm.reportedText())
                .hasSize(2 + 1 + 10 + 1)
                .contains("STOP_PENDING cp=11 hint=20 accepts=0")
                .last()
                .isEqualTo("STOPPED accepts=0");
    }

    @Test
    void stopsAreNotAcceptedWhileStarting() throws Exception {
        body.unhealthyAnswers = 1;
        CompletableFuture<Integer> exit = runUntilRunning();
        scm.control(Scm.SERVICE_CONTROL_STOP);
        assertThat(exitCode(exit)).isZero();
        assertThat(scm.reported)
                .filteredOn(s -> s.state() == Scm.SERVICE_START_PENDING)
                .hasSize(2)
                .allSatisfy(s -> assertThat(s.controlsAccepted()).isZero());
    }

    @Test
    void aProcessNotStartedByTheScmGetsTheScmError() throws Exception {
        scm.notStartedBySCM = true;
        assertThatThrownBy(host::run)
                .isInstanceOf(ScmException.class)
                .satisfies(e -> assertThat(((ScmException) e).errorCode())
                        .isEqualTo(Scm.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT));
        assertThat(scm.reported).isEmpty();
        // The console's shutdown hook waits on this: it must not wait for a service main that never ran.
        assertThat(host.awaitFinished(Duration.ZERO)).isTrue();
    }

    @Test
    void aBadConfigIsReadAfterTheDispatcherConnectedAndEndsInStoppedWithTheSetupCodeAndAnEventLogEntry() {
        WindowsServiceHost preparing = new WindowsServiceHost(
                scm,
                NAME,
                () -> {
                    throw new IllegalArgumentException("jobwarden.yml: store.url: required");
                },
                () -> scm.eventLog(NAME),
                TIMINGS);
        assertThat(preparing.run()).isEqualTo(WindowsServiceHost.SETUP_EXIT_CODE);
        assertThat(scm.sequence)
                .containsExactly(
                        "StartServiceCtrlDispatcher " + NAME,
                        "RegisterServiceCtrlHandlerEx " + NAME,
                        "SetServiceStatus START_PENDING cp=1 hint=20 accepts=0",
                        "RegisterEventSource " + NAME,
                        "ReportEvent type=1 id=1001 Jobwarden service " + NAME
                                + " cannot start: jobwarden.yml: store.url: required",
                        "DeregisterEventSource",
                        "SetServiceStatus STOPPED accepts=0 exit=1066/3");
    }

    @Test
    void anErrorThrownByTheBodyStillEndsInStoppedWithAServiceSpecificError() throws Exception {
        body.startError = new OutOfMemoryError("Java heap space");
        assertThat(host.run()).isEqualTo(WindowsServiceHost.FAILURE_EXIT_CODE);
        assertThat(scm.reportedText())
                .containsExactly("START_PENDING cp=1 hint=20 accepts=0", "STOPPED accepts=0 exit=1066/2");
        assertThat(host.awaitFinished(Duration.ZERO)).isTrue();
    }

    @Test
    void anErrorWhileRunningStillEndsInStoppedWithAServiceSpecificError() throws Exception {
        CompletableFuture<Integer> exit = runUntilRunning();
        body.awaitError = new StackOverflowError();
        assertThat(exitCode(exit)).isEqualTo(WindowsServiceHost.FAILURE_EXIT_CODE);
        assertThat(scm.reportedText()).last().isEqualTo("STOPPED accepts=0 exit=1066/2");
    }

    @Test
    void aPauseThatDidNotTakeReportsRunningAgainNeverPaused() throws Exception {
        body.pauseWorks = false;
        CompletableFuture<Integer> exit = runUntilRunning();
        scm.control(Scm.SERVICE_CONTROL_PAUSE);
        await().atMost(Duration.ofSeconds(10)).until(() -> scm.reportedText().size() == 4);
        scm.control(Scm.SERVICE_CONTROL_STOP);
        assertThat(exitCode(exit)).isZero();
        assertThat(scm.reportedText())
                .containsExactly(
                        "START_PENDING cp=1 hint=20 accepts=0",
                        RUNNING,
                        "PAUSE_PENDING cp=1 hint=20 accepts=0",
                        RUNNING,
                        "STOP_PENDING cp=1 hint=20 accepts=0",
                        "STOPPED accepts=0");
        assertThat(body.events).containsExactly("start", "pause", "stop 50");
    }
}
