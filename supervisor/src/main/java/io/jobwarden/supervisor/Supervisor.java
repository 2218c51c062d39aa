package io.jobwarden.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one worker JVM running: starts it, watches its heartbeats, restarts it with backing-off delays when it
 * dies or hangs, writes a crash report for every abnormal end, and stops it (never orphans it) when asked to stop.
 * It schedules nothing and touches no store, so that it stays small enough not to fail itself.
 *
 * <pre>{@code
 * Supervisor supervisor = new Supervisor(settings);
 * Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stop, "supervisor-stop"));
 * System.exit(supervisor.run());
 * }</pre>
 */
public final class Supervisor {
    public enum State {
        NEW,
        STARTING,
        RUNNING,
        RESTARTING,
        STOPPING,
        STOPPED
    }

    /** A hung worker gets this long to answer with a thread dump before it is killed. */
    private static final Duration DUMP_WAIT = Duration.ofSeconds(1);
    /** After a worker dies from SIGINT/SIGTERM/SIGHUP, how long to wait for the same signal to reach us. */
    private static final Duration SHARED_SIGNAL_WAIT = Duration.ofMillis(500);
    /** How long an exited worker's last messages may take to be read (the kernel closed its end already). */
    private static final Duration LINK_DRAIN_WAIT = Duration.ofSeconds(1);
    /** What stop() allows beyond the shutdown timeout for the kill and the bookkeeping. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

    /**
     * What {@link #run()} returns when it gave up on a crash-looping worker ({@link #endOnCrashLoop()}); distinct
     * from the worker codes 2 (failure) and 3 (bad config) the service hosts already report.
     */
    public static final int CRASH_LOOP_EXIT_CODE = 4;

    private static final boolean UNIX_EXIT_CODES =
            !System.getProperty("os.name").startsWith("Windows");

    private final SupervisorSettings settings;
    private final Clock clock;
    private final RestartPolicy policy;
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile boolean endOnCrashLoop;
    private volatile State state = State.NEW;
    private volatile WorkerProcess worker;
    /** The first worker, when {@link #launchAhead()} started it before {@link #run()}; guarded by this. */
    private WorkerProcess launchedAhead;
    /** Why {@link #launchAhead()} could not start it, for {@link #run()} to report as any failed start; guarded by this. */
    private Exception launchAheadFailure;

    public Supervisor(SupervisorSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** @param clock drives restart back-off, crash-loop detection and report times (heartbeats use a monotonic timer) */
    public Supervisor(SupervisorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.policy = RestartPolicy.of(settings, clock);
    }

    /**
     * Makes {@link #run()} return {@link #CRASH_LOOP_EXIT_CODE} once the worker is in a crash loop instead of
     * restarting it on. For the OS service process: a service that ends with an error is restarted by the service
     * manager (Windows recovery, systemd Restart=), while a supervisor looping inside a RUNNING service is
     * restarted by nobody and seen by no monitor. Call before {@link #run()}.
     */
    public void endOnCrashLoop() {
        endOnCrashLoop = true;
    }

    /**
     * Starts the first worker's process now, before {@link #run()}, so that its JVM starts while the caller finishes
     * its own start. Its link is served at once (a reload asked for from now on reaches it), its output relayed once
     * the caller's start is done (see {@link #run(Duration, Runnable)}): the pipe holds it until then. A failure to
     * start it is reported by {@link #run()}, as any failed start is. A {@link #stop()} before {@link #run()} kills it;
     * after a {@link #stop()}, this starts nothing.
     */
    public synchronized void launchAhead() {
        if (started.get() || launchedAhead != null || launchAheadFailure != null)
            throw new IllegalStateException("launchAhead comes once, before run");
        if (stopRequested) return;
        try {
            launchedAhead = WorkerProcess.start(settings, policy::status, wakeups::release, clock.instant());
            worker = launchedAhead;
        } catch (IOException | RuntimeException e) {
            launchAheadFailure = e;
        }
    }

    /**
     * Runs the worker until {@link #stop()} is called or the worker stops on purpose; restarts it otherwise.
     * Call once; blocks the calling thread.
     *
     * @return the exit code for the supervisor's process: 0 after a stop, or the code of a worker that
     *         stopped on purpose
     */
    public int run() {
        return run(Duration.ZERO, () -> {});
    }

    /**
     * As {@link #run()}, for a caller whose own start is not done: its logging, which costs a cold JVM about 0.15 s of
     * CPU (logback's classes and the JDK's locale data). On two cores that CPU came out of the start of the worker
     * {@link #launchAhead()} started (bench/RESULTS.md, round fourteen). So that worker's link is served at once
     * (heartbeats; stop and reload requests), but {@code ownStart} runs only once the worker says its start is done,
     * exits, or is asked to stop, or after {@code patience}; until {@code ownStart} has run, nothing is logged and
     * the worker's output waits in the pipe. A worker that fills the pipe before its start is done waits for the
     * patience to run out, which is why it is short. If {@code ownStart} throws, the worker is killed and the
     * exception passed on.
     */
    public int run(Duration patience, Runnable ownStart) {
        if (!started.compareAndSet(false, true)) throw new IllegalStateException("a supervisor runs only once");
        try {
            WorkerProcess ahead = takeLaunchedAhead();
            if (ahead != null) {
                WorkerProcess first = ahead;
                awaitUnlessStopped(patience, () -> first.startDone() || !first.isAlive());
            }
            try {
                ownStart.run();
            } catch (RuntimeException | Error e) {
                if (ahead != null) {
                    ahead.killTree();
                    ahead.closeLink();
                }
                throw e;
            }
            // A worker served ahead is taken even after a stop request: watch() then stops it gracefully.
            while (ahead != null || !stopRequested()) {
                WorkerProcess current;
                try {
                    WorkerProcess given = ahead;
                    ahead = null;
                    current = launch(given);
                } catch (IOException | RuntimeException e) {
                    log().error("Could not start the worker {}: {}", settings.workerCommand(), e.toString());
                    if (!restartAfterBackoff(ExitCause.failedToStart(e))) return CRASH_LOOP_EXIT_CODE;
                    continue;
                }
                ExitCause cause = watch(current);
                if (cause == null || stopRequested()) break;
                if (current.stoppingOnPurpose()) {
                    log().info(
                                    "Worker pid {} stopped on purpose with exit code {}; not restarting",
                                    current.pid(),
                                    current.exitCode());
                    return current.exitCode();
                }
                if (!recordCrash(current, cause)) break;
                if (!restartAfterBackoff(cause)) return CRASH_LOOP_EXIT_CODE;
            }
            return 0;
        } finally {
            state = State.STOPPED;
            finished.countDown();
        }
    }

    /**
     * Stops the worker gracefully (killing it after the shutdown timeout) and waits until {@link #run()} returned.
     * Safe from any thread, a JVM shutdown hook and a Windows service control handler included.
     */
    public void stop() {
        stopRequested = true;
        wakeups.release();
        // A worker launched ahead that run() has not taken yet is watched by nobody: a kill is the sure way to end it.
        WorkerProcess unwatched = takeLaunchedAhead();
        if (unwatched != null) {
            unwatched.killTree();
            unwatched.closeLink();
        }
        if (!started.get()) return;
        try {
            finished.await(settings.shutdownTimeout().plus(STOP_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Passes a reload request (SIGHUP) on to the running worker, which reads the config file and logs the outcome; a
     * worker still starting gets it once it says its start is done (the start may have read the file before the
     * change).
     *
     * @return false when no worker runs (none started yet, or between two): the next one reads the file as it starts
     */
    public boolean reloadWorker() {
        WorkerProcess current = worker;
        return current != null && current.isAlive() && current.requestReload();
    }

    public State state() {
        return state;
    }

    /** Restarts so far, whether the worker is in a crash loop, and why the last worker ended. */
    public SupervisorStatus status() {
        return policy.status();
    }

    /** The current worker's process id, while one is running. */
    public OptionalLong workerPid() {
        WorkerProcess current = worker;
        return current != null && current.isAlive() ? OptionalLong.of(current.pid()) : OptionalLong.empty();
    }

    /** @param ahead the worker launched ahead and served already, or null to start one (or report why it failed) */
    private WorkerProcess launch(WorkerProcess ahead) throws IOException {
        state = State.STARTING;
        WorkerProcess started = ahead;
        if (started == null) {
            rethrowLaunchAheadFailure();
            started = WorkerProcess.start(settings, policy::status, wakeups::release, clock.instant());
        }
        started.relayOutput();
        worker = started;
        log().info("Worker started, pid {}", started.pid());
        return started;
    }

    /** The worker launched ahead, once; null if there is none (a stop killed it, or it failed to start). */
    private synchronized WorkerProcess takeLaunchedAhead() {
        WorkerProcess ahead = launchedAhead;
        launchedAhead = null;
        return ahead;
    }

    /** A failure to launch the worker ahead, once: reported by the first launch() as any failed start. */
    private synchronized void rethrowLaunchAheadFailure() throws IOException {
        Exception failure = launchAheadFailure;
        launchAheadFailure = null;
        if (failure instanceof IOException e) throw e;
        if (failure instanceof RuntimeException e) throw e;
    }

    /**
     * Waits until the worker exits or hangs (then kills it), or until a stop is requested (then stops it).
     *
     * @return why the worker ended, or null if it was stopped
     */
    private ExitCause watch(WorkerProcess current) {
        Duration timeout = settings.heartbeatTimeout();
        while (true) {
            if (stopRequested()) {
                stopWorker(current);
                return null;
            }
            if (!current.isAlive()) {
                current.awaitLinkDrained(LINK_DRAIN_WAIT);
                current.closeLink();
                return ExitCause.ofExit(current.exitCode(), current.recentOutput(), UNIX_EXIT_CODES);
            }
            if (current.connected() && state == State.STARTING) {
                log().info("Worker pid {} connected to the supervisor", current.pid());
                state = State.RUNNING;
                // The healthy stretch counts from the first heartbeat: a JVM that was slow to start and then
                // died at once has not run healthy, however long its start took.
                policy.workerStarted();
            }
            Duration silence = current.silence();
            if (silence.compareTo(timeout) >= 0) {
                log().error(
                                "Worker pid {} sent no heartbeat for {}; killing it and its child processes",
                                current.pid(),
                                SupervisorSettings.text(silence));
                current.requestThreadDump(DUMP_WAIT);
                current.killTree();
                current.closeLink();
                return ExitCause.heartbeatsMissed(silence);
            }
            awaitWakeup(timeout.minus(silence));
        }
    }

    private void stopWorker(WorkerProcess current) {
        state = State.STOPPING;
        log().info(
                        "Stopping worker pid {} (waiting up to {})",
                        current.pid(),
                        SupervisorSettings.text(settings.shutdownTimeout()));
        List<ProcessHandle> below = current.descendants();
        current.requestStop();
        if (!current.awaitExit(settings.shutdownTimeout())) {
            log().warn(
                            "Worker pid {} did not stop within {}; killing it",
                            current.pid(),
                            SupervisorSettings.text(settings.shutdownTimeout()));
            current.killTree();
        }
        // Job processes the worker left behind would otherwise outlive the service.
        below.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        current.closeLink();
        log().info("Worker pid {} stopped with exit code {}", current.pid(), current.exitCode());
    }

    /** @return false if the exit turned out to be part of a stop of the whole service */
    private boolean recordCrash(WorkerProcess current, ExitCause cause) {
        if (cause.isStopSignal()) {
            // Ctrl-C and service managers signal the whole process group; our own signal may be a moment behind.
            if (sleepUnlessStopped(SHARED_SIGNAL_WAIT)) return false;
        }
        try {
            Path report = workerReport(current, cause).writeTo(settings.crashDir());
            log().error("Worker pid {} {}; crash report {}", current.pid(), cause.description(), report);
        } catch (IOException e) {
            log().error(
                            "Worker pid {} {}; the crash report could not be written: {}",
                            current.pid(),
                            cause.description(),
                            e.toString());
        }
        return true;
    }

    private CrashReport workerReport(WorkerProcess current, ExitCause cause) {
        Duration uptime = Duration.between(current.startedAt(), clock.instant());
        String started =
                current.startedAt().truncatedTo(ChronoUnit.MILLIS) + " (ran " + SupervisorSettings.text(uptime) + ")";
        return CrashReport.about("worker " + cause.description(), clock.instant(), current.pid())
                .section(
                        "Worker",
                        "Started:   " + started + "\n"
                                + "Exit code: " + current.exitCode() + "\n"
                                + "Cause:     " + cause.description() + "\n"
                                + "Command:   " + String.join(" ", settings.workerCommand()) + "\n"
                                + "hs_err:    "
                                + CrashReport.hotSpotErrorFile(settings.workDir(), current.pid())
                                        .map(Path::toString)
                                        .orElse("none")
                                + "\n")
                .section(
                        "Worker thread dump",
                        current.threadDump().isEmpty()
                                ? List.of(
                                        current.connected()
                                                ? "(not available: the worker had exited or did not answer)"
                                                : "(not available: the worker never connected)")
                                : current.threadDump())
                .section("Last output lines", current.recentOutput());
    }

    /** @return false when the supervisor ends on this crash loop instead of restarting */
    private boolean restartAfterBackoff(ExitCause cause) {
        RestartPolicy.Decision decision = policy.workerFailed(cause.description());
        if (decision.crashLoop()) {
            log().error(
                            "CRASH LOOP: the worker was restarted at least {} times within {}; last cause: worker {}",
                            RestartPolicy.CRASH_LOOP_RESTARTS,
                            SupervisorSettings.text(RestartPolicy.CRASH_LOOP_WINDOW),
                            cause.description());
            if (endOnCrashLoop) {
                log().error(
                                "CRASH LOOP: ending with exit code {} so that the service manager restarts the service",
                                CRASH_LOOP_EXIT_CODE);
                return false;
            }
        }
        state = State.RESTARTING;
        log().warn(
                        "Restarting the worker in {} (restart {}; cause: worker {})",
                        SupervisorSettings.text(decision.delay()),
                        decision.restartNumber(),
                        cause.description());
        sleepUnlessStopped(decision.delay());
        return true;
    }

    /** @return true if a stop was requested before {@code pause} passed */
    private boolean sleepUnlessStopped(Duration pause) {
        awaitUnlessStopped(pause, () -> false);
        return stopRequested();
    }

    /** Until {@code done} holds, a stop is requested, or {@code max} has passed; rechecked at every wake-up. */
    private void awaitUnlessStopped(Duration max, BooleanSupplier done) {
        long deadline = System.nanoTime() + max.toNanos();
        for (long left = max.toNanos();
                left > 0 && !done.getAsBoolean() && !stopRequested();
                left = deadline - System.nanoTime()) {
            awaitWakeup(Duration.ofNanos(left));
        }
    }

    private void awaitWakeup(Duration max) {
        try {
            if (wakeups.tryAcquire(Math.max(1, max.toMillis()), TimeUnit.MILLISECONDS)) wakeups.drainPermits();
        } catch (InterruptedException e) {
            // An interrupted supervisor thread is told to stop; the flag would break the waits of the stop itself.
            stopRequested = true;
        }
    }

    /**
     * Fetched when first used, not when this class loads: {@code run} makes its supervisor and starts the worker
     * before it sets up logging, and the first logger would set up logback's bootstrap console first (about 0.1 s).
     */
    private static Logger log() {
        return LoggerFactory.getLogger(Supervisor.class);
    }

    private boolean stopRequested() {
        if (Thread.interrupted()) stopRequested = true;
        return stopRequested;
    }
}
