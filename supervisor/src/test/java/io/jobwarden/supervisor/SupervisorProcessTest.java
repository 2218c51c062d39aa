package io.jobwarden.supervisor;

import static io.jobwarden.supervisor.TestWorkers.crashReports;
import static io.jobwarden.supervisor.TestWorkers.gone;
import static io.jobwarden.supervisor.TestWorkers.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real worker JVMs, real signals. Timings are printed as "MEASURED ..." lines for the record. */
class SupervisorProcessTest {
    // Generous: a fake worker JVM on a loaded 2-core machine can take seconds to send its first heartbeat.
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final Duration RESTART = Duration.ofMillis(500);
    private static final Duration POLL = Duration.ofMillis(20);

    @TempDir
    Path dir;

    private LogCapture log;
    private Supervisor supervisor;
    private CompletableFuture<Integer> exit;
    private final List<Process> supervisorProcesses = new java.util.ArrayList<>();

    @BeforeEach
    void captureLog() {
        log = new LogCapture();
    }

    @AfterEach
    void stopEverything() {
        if (supervisor != null) supervisor.stop();
        // A failed test must not leave a supervisor or worker process behind.
        for (Process p : supervisorProcesses) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        log.close();
    }

    @Test
    void workerKilledWithSigkillIsRestartedWithinTheDelayAndLeavesACrashReport() throws Exception {
        start(settings(Duration.ofSeconds(5), "healthy"));
        long first = awaitRunningWorker(-1, Duration.ofSeconds(20));
        // The worker says who it is just after it connects; the report can only hold a line that was printed.
        await().atMost(Duration.ofSeconds(20)).until(() -> log.contains("FAKE WORKER pid=" + first));

        long killedAt = System.nanoTime();
        signal("KILL", first);
        awaitStartedWorker(first, RESTART.plusSeconds(2));
        measured("kill -9 -> new worker process started", killedAt);
        long second = awaitRunningWorker(first, Duration.ofSeconds(20));
        measured("kill -9 -> new worker connected", killedAt);

        assertThat(log.contains("Restarting the worker in 500ms (restart 1; cause: worker killed by signal 9 (SIGKILL"))
                .isTrue();
        assertThat(log.contains(
                        "ERROR io.jobwarden.supervisor.Supervisor: Worker pid " + first + " killed by signal 9"))
                .isTrue();
        List<Path> reports = crashReports(dir.resolve("crash"));
        assertThat(reports).singleElement().satisfies(report -> {
            assertThat(report.getFileName().toString())
                    .matches("crash-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z-" + first + "\\.txt");
            assertThat(Files.readString(report))
                    .contains(
                            "Exit code: 137",
                            "killed by signal 9 (SIGKILL",
                            "FAKE WORKER pid=" + first,
                            "Host:",
                            "JVM:",
                            "Version: jobwarden");
        });
        // The successor learns its history from the environment and, with each beat, from the link.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> log.contains("FAKE WORKER pid=" + second
                        + " behaviour=healthy restarts=1 crashLoop=false lastCause=killed by signal 9"));
        assertThat(supervisor.status().restarts()).isEqualTo(1);
    }

    @Test
    void workerStoppedWithSigstopIsKilledAndRestarted() throws Exception {
        start(settings(Duration.ofSeconds(5), "healthy"));
        long first = awaitRunningWorker(-1, Duration.ofSeconds(20));

        long stoppedAt = System.nanoTime();
        signal("STOP", first);
        // margin: the supervisor gives the frozen worker 1 s to answer with a thread dump before it kills it
        awaitStartedWorker(first, HEARTBEAT.plus(RESTART).plusSeconds(3));
        measured("kill -STOP -> new worker process started", stoppedAt);
        awaitRunningWorker(first, Duration.ofSeconds(20));
        measured("kill -STOP -> new worker connected", stoppedAt);

        assertThat(gone(first)).isTrue();
        assertThat(log.contains("Worker pid " + first + " sent no heartbeat for"))
                .isTrue();
        assertThat(Files.readString(crashReports(dir.resolve("crash")).get(0)))
                .contains("sent no heartbeat for", "(hung; killed)", "had exited or did not answer");
    }

    @Test
    void hungWorkerIsKilledWithItsChildrenAfterGivingAThreadDump() throws Exception {
        start(settings(Duration.ofSeconds(5), "hang-after:3", "healthy"));
        long first = awaitRunningWorker(-1, Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> log.contains("HANGING NOW"));
        long hungAt = System.nanoTime();
        long child = log.lines().stream()
                .filter(l -> l.contains("CHILD "))
                .findFirst()
                .map(l -> Long.parseLong(l.substring(l.indexOf("CHILD ") + 6).trim()))
                .orElseThrow();

        awaitRunningWorker(first, HEARTBEAT.plus(RESTART).plusSeconds(5));
        measured("scheduler hang -> new worker connected", hungAt);

        assertThat(gone(first)).isTrue();
        assertThat(gone(child)).as("the hung worker's child process").isTrue();
        assertThat(Files.readString(crashReports(dir.resolve("crash")).get(0)))
                .contains("== Worker thread dump ==", "\"main\"", "FakeWorker.main", "LockSupport.park", "HANGING NOW");
    }

    @Test
    void outOfMemoryEndsTheWorkerAndRestartsIt() throws Exception {
        start(settings(Duration.ofSeconds(5), "oom", "healthy"));
        long first = awaitRunningWorker(-1, Duration.ofSeconds(20));
        awaitRunningWorker(first, Duration.ofSeconds(20));

        assertThat(supervisor.status().lastCause()).startsWith("ran out of memory (exit code 3)");
        assertThat(log.contains("Restarting the worker in 500ms (restart 1; cause: worker ran out of memory"))
                .isTrue();
    }

    @Test
    void restartDelaysDoubleAndResetAfterAHealthyStretch() throws Exception {
        start(TestWorkers.settings(
                dir,
                HEARTBEAT,
                Duration.ofMillis(200),
                Duration.ofMillis(800),
                Duration.ofMillis(1500),
                Duration.ofSeconds(5),
                "exit:1",
                "exit:1",
                "exit:1",
                "exit:1",
                "healthy-then-exit:2500",
                "healthy"));
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(POLL)
                .until(() -> supervisor.status().restarts() == 5);

        List<String> delays = log.lines().stream()
                .filter(l -> l.contains("Restarting the worker in"))
                .map(l -> l.replaceAll(".*Restarting the worker in (\\S+) .*", "$1"))
                .toList();
        assertThat(delays).containsExactly("200ms", "400ms", "800ms", "800ms", "200ms");
        assertThat(log.contains("CRASH LOOP")).isTrue();
        assertThat(supervisor.status().crashLoop()).isTrue();
    }

    @Test
    void workerThatExitsWithZeroUnaskedIsRestarted() throws Exception {
        start(settings(Duration.ofSeconds(5), "exit:0", "healthy"));
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(POLL)
                .until(() -> supervisor.status().restarts() == 1);

        assertThat(supervisor.status().lastCause()).isEqualTo("exited with code 0 although nobody asked it to stop");
    }

    @Test
    void workerThatStopsOnPurposeIsNotRestartedAndItsCodeIsPassedOn() throws Exception {
        start(settings(Duration.ofSeconds(5), "stop-on-purpose:4"));

        assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(supervisor.status().restarts()).isZero();
        assertThat(crashReports(dir.resolve("crash"))).isEmpty();
    }

    @Test
    void aSupervisorToldToEndOnACrashLoopReturnsTheCrashLoopCodeAtTheFifthRestart() throws Exception {
        supervisor = new Supervisor(unstartableWorker());
        supervisor.endOnCrashLoop();
        runInBackground();

        assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(Supervisor.CRASH_LOOP_EXIT_CODE);
        assertThat(supervisor.status().restarts()).isEqualTo(RestartPolicy.CRASH_LOOP_RESTARTS);
        assertThat(supervisor.status().crashLoop()).isTrue();
        assertThat(log.contains("ending with exit code 4")).isTrue();
    }

    @Test
    void aSupervisorNotToldToEndOnACrashLoopKeepsRestarting() throws Exception {
        start(unstartableWorker());

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(POLL)
                .until(() -> supervisor.status().restarts() > RestartPolicy.CRASH_LOOP_RESTARTS + 1);
        assertThat(exit).isNotDone();
        assertThat(supervisor.status().crashLoop()).isTrue();
    }

    /** A worker command that cannot start at all: a crash loop in milliseconds, without a JVM per attempt. */
    private SupervisorSettings unstartableWorker() {
        return new SupervisorSettings(
                HEARTBEAT,
                Duration.ofMillis(10),
                Duration.ofMillis(20),
                Duration.ofSeconds(8),
                Duration.ofSeconds(5),
                dir.resolve("crash"),
                List.of(dir.resolve("no-such-worker").toString()),
                java.util.Map.of(),
                dir);
    }

    @Test
    void stopEndsTheWorkerGracefully() throws Exception {
        start(settings(Duration.ofSeconds(5), "healthy"));
        long pid = awaitRunningWorker(-1, Duration.ofSeconds(20));

        long stopAt = System.nanoTime();
        supervisor.stop();
        measured("stop() of a healthy worker", stopAt);

        assertThat(exit.get(1, TimeUnit.SECONDS)).isZero();
        assertThat(ProcessHandle.of(pid).isPresent()).isFalse();
        assertThat(log.contains("Worker pid " + pid + " stopped with exit code 0"))
                .isTrue();
        assertThat(supervisor.state()).isEqualTo(Supervisor.State.STOPPED);
        assertThat(supervisor.status().restarts()).isZero();
        assertThat(crashReports(dir.resolve("crash"))).isEmpty();
    }

    @Test
    void stopKillsAWorkerThatIgnoresIt() throws Exception {
        // 3 s, not less: on a loaded machine the worker needs a moment to read the stop and say it ignores it.
        start(settings(Duration.ofSeconds(3), "ignore-stop"));
        long pid = awaitRunningWorker(-1, Duration.ofSeconds(20));
        // Connected is not yet ready: a stop that arrives before the worker has set its handler just ends it.
        await().atMost(Duration.ofSeconds(20)).pollInterval(POLL).until(() -> log.contains("WILL IGNORE STOP"));

        supervisor.stop();

        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(ProcessHandle.of(pid).isPresent()).isFalse();
        assertThat(log.contains("IGNORING STOP")).isTrue();
        assertThat(log.contains("Worker pid " + pid + " did not stop within 3s; killing it"))
                .isTrue();
    }

    @Test
    void uncaughtExceptionLeavesAWorkerReportAndASupervisorReport() throws Exception {
        start(settings(Duration.ofSeconds(5), "throw", "healthy"));
        long first = awaitRunningWorker(-1, Duration.ofSeconds(20));
        awaitRunningWorker(first, Duration.ofSeconds(20));

        List<Path> reports = crashReports(dir.resolve("crash"));
        assertThat(reports).hasSize(2);
        String fromWorker = Files.readString(reports.get(0));
        assertThat(fromWorker)
                .contains(
                        "uncaught java.lang.IllegalStateException in thread \"main\"",
                        "IllegalStateException: fake worker failure",
                        "at io.jobwarden.supervisor.FakeWorker.main",
                        "== Thread dump ==",
                        "\"supervisor-link\"");
        assertThat(Files.readString(reports.get(1)))
                .contains(
                        "Exit code: 1",
                        "exited with code 1",
                        "Uncaught exception in thread \"main\"; crash report " + reports.get(0));
    }

    @Test
    void theLastLinesBeforeADeathAreKeptInTheReportAndTheLog() throws Exception {
        start(settings(Duration.ofSeconds(5), "print-then-die:300", "healthy"));
        long first = awaitRunningWorker(-1, Duration.ofSeconds(20));
        awaitRunningWorker(first, Duration.ofSeconds(20));

        String report = Files.readString(crashReports(dir.resolve("crash")).get(0));
        assertThat(report)
                .contains("Exit code: 7", "\nline 101\n", "\nline 300")
                .doesNotContain("\nline 100\n");
        assertThat(log.contains("INFO worker: line 300")).isTrue();
        assertThat(log.contains("INFO worker: line 1")).isTrue();
    }

    @Test
    void workerExitsByItselfWhenTheSupervisorIsKilledWithSigkill() throws Exception {
        Process supervisorProcess = startSupervisorProcess();
        long worker = awaitAnnouncedWorker(supervisorProcess);

        long killedAt = System.nanoTime();
        supervisorProcess.destroyForcibly();
        await().atMost(Duration.ofSeconds(6)).pollInterval(POLL).until(() -> gone(worker));
        measured("supervisor SIGKILL -> orphaned worker gone", killedAt);
    }

    @Test
    void supervisorStoppedWithSigtermStopsItsWorkerFirst() throws Exception {
        Process supervisorProcess = startSupervisorProcess();
        long worker = awaitAnnouncedWorker(supervisorProcess);

        long termAt = System.nanoTime();
        supervisorProcess.destroy();
        assertThat(supervisorProcess.waitFor(10, TimeUnit.SECONDS)).isTrue();
        measured("supervisor SIGTERM -> supervisor exited", termAt);
        assertThat(gone(worker)).isTrue();
        assertThat(crashReports(dir.resolve("crash"))).isEmpty();
    }

    @Test
    void workerLaunchedAheadRunsBeforeRunAndIsServedByIt() throws Exception {
        supervisor = new Supervisor(settings(Duration.ofSeconds(5), "healthy"));
        supervisor.launchAhead();
        long ahead = onlyChild();
        // Known at once, so that a reload asked for from now on reaches it.
        assertThat(supervisor.workerPid()).hasValue(ahead);
        // Its first line waits in the pipe until run() serves the output.
        Thread.sleep(1_000);
        assertThat(log.contains("FAKE WORKER")).isFalse();

        runInBackground();
        assertThat(awaitRunningWorker(-1, Duration.ofSeconds(20))).isEqualTo(ahead);
        await().atMost(Duration.ofSeconds(10)).until(() -> log.contains("FAKE WORKER pid=" + ahead));
        assertThat(log.contains("Worker started, pid " + ahead)).isTrue();
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).containsExactly(ahead);

        supervisor.stop();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(gone(ahead)).isTrue();
        assertThat(crashReports(dir.resolve("crash"))).isEmpty();
    }

    @Test
    void workerLaunchedAheadIsKilledByAStopBeforeRunAndRunThenStartsNone() throws Exception {
        supervisor = new Supervisor(settings(Duration.ofSeconds(5), "healthy"));
        supervisor.launchAhead();
        long ahead = onlyChild();

        supervisor.stop();
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> gone(ahead));
        assertThat(supervisor.run()).isZero();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive))
                .isEmpty();
        assertThat(log.contains("Worker started")).isFalse();
    }

    @Test
    void workerThatCouldNotBeLaunchedAheadIsReportedByRunAsAFailedStart() throws Exception {
        supervisor = new Supervisor(unstartableWorker());
        supervisor.launchAhead();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive))
                .isEmpty();
        assertThat(log.contains("Could not start the worker")).isFalse();

        runInBackground();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(POLL)
                .until(() -> log.contains("Could not start the worker"));
        assertThat(log.contains("Restarting the worker in 10ms (restart 1; cause: worker could not be started"))
                .isTrue();
        supervisor.stop();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    /** The one live child process of this JVM: the worker just launched. */
    private static long onlyChild() {
        List<ProcessHandle> children = ProcessHandle.current()
                .children()
                .filter(ProcessHandle::isAlive)
                .toList();
        assertThat(children).hasSize(1);
        return children.get(0).pid();
    }

    private SupervisorSettings settings(Duration shutdownTimeout, String... behaviours) {
        return TestWorkers.settings(
                dir, HEARTBEAT, RESTART, Duration.ofSeconds(4), Duration.ofSeconds(8), shutdownTimeout, behaviours);
    }

    private void start(SupervisorSettings settings) {
        supervisor = new Supervisor(settings);
        runInBackground();
    }

    private void runInBackground() {
        exit = CompletableFuture.supplyAsync(supervisor::run, runnable -> new Thread(runnable, "supervisor").start());
    }

    /** Waits for a live worker process other than {@code previous}, connected or not. */
    private void awaitStartedWorker(long previous, Duration within) {
        await().atMost(within)
                .pollInterval(POLL)
                .until(() -> supervisor.workerPid().isPresent()
                        && supervisor.workerPid().getAsLong() != previous);
    }

    /** Waits for a connected worker other than {@code previous} and returns its pid. */
    private long awaitRunningWorker(long previous, Duration within) {
        await().atMost(within)
                .pollInterval(POLL)
                .until(() -> supervisor.state() == Supervisor.State.RUNNING
                        && supervisor.workerPid().isPresent()
                        && supervisor.workerPid().getAsLong() != previous);
        return supervisor.workerPid().getAsLong();
    }

    private Process startSupervisorProcess() throws Exception {
        List<String> command = WorkerCommand.sameJvm(
                List.of("-Xmx24m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                SupervisorMain.class.getName(),
                List.of(dir.toString(), "healthy"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        supervisorProcesses.add(process);
        return process;
    }

    private static long awaitAnnouncedWorker(Process supervisorProcess) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(supervisorProcess.getInputStream()));
        CompletableFuture<Long> pid = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    System.out.println("[supervisor process] " + line);
                    if (line.startsWith("WORKER-PID "))
                        return Long.parseLong(line.substring(11).trim());
                }
                throw new IllegalStateException("the supervisor process ended without announcing a worker");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long worker = pid.get(30, TimeUnit.SECONDS);
        // Keep draining, so the supervisor never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                out.lines().forEach(line -> System.out.println("[supervisor process] " + line));
            } catch (java.io.UncheckedIOException closedWhenTheProcessEnded) {
                // nothing more to show
            }
        });
        drain.setDaemon(true);
        drain.start();
        return worker;
    }

    private static void measured(String what, long sinceNanos) {
        System.out.printf("MEASURED %s: %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos));
    }
}
