package io.jobwarden.platform.windows;

import io.jobwarden.platform.ServiceBody;
import io.jobwarden.platform.eventlog.EventLogSink;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service process's side of the SCM conversation, in the JVM itself. It avoids what users of service
 * wrappers keep running into:
 * <ul>
 * <li>error 1053 ("did not respond in a timely fashion"): the dispatcher is entered before anything slow, and
 *     START_PENDING is reported at once and then with an increasing checkpoint while the body starts;</li>
 * <li>RUNNING before the service works: RUNNING is reported only once the body says it is healthy;</li>
 * <li>stop signals that never reach the JVM: STOP, SHUTDOWN and PRESHUTDOWN arrive here as SCM controls and
 *     drive the body's graceful stop; a console shutdown event takes the same path through
 *     {@link #installShutdownHook};</li>
 * <li>"stopped" while java still runs: STOPPED is the last thing reported, after the body has ended, and the
 *     caller exits the process right after {@link #run} returns;</li>
 * <li>pre-shutdown ignored: PRESHUTDOWN is accepted, so at system shutdown the SCM waits for the drain while
 *     STOP_PENDING checkpoints advance;</li>
 * <li>recovery actions that never fire: a service that reports STOPPED with an error is restarted only when
 *     the failure-actions flag is in effect, and Windows applies that flag set on a running system only after the
 *     next reboot. So an unexpected end after RUNNING (the worker's crash loop) takes the SCM's crash path, which
 *     needs no flag: the process exits with the code without reporting STOPPED. A failed start still reports
 *     STOPPED with ERROR_SERVICE_SPECIFIC_ERROR and a code, so the admin reads why in the service's status.</li>
 * </ul>
 * What the SCM is told (states, checkpoints, wait hints) is {@link ScmStatusReporter}'s; when, is decided here.
 */
public final class WindowsServiceHost {
    private static final Logger LOG = LoggerFactory.getLogger(WindowsServiceHost.class);
    static final int RUNNING_ACCEPTS = Scm.SERVICE_ACCEPT_STOP
            | Scm.SERVICE_ACCEPT_SHUTDOWN
            | Scm.SERVICE_ACCEPT_PRESHUTDOWN
            | Scm.SERVICE_ACCEPT_PAUSE_CONTINUE;
    /** The service-specific exit code for a failure the body gave no code for. */
    public static final int FAILURE_EXIT_CODE = 2;
    /** The service-specific exit code when the body could not be set up: bad config, unusable log directory. */
    public static final int SETUP_EXIT_CODE = 3;
    /** The event id of "the service could not be set up"; the message file shows the text as is for any id. */
    public static final int SETUP_FAILED_EVENT_ID = 1001;
    /** The event id of "the service ended unexpectedly and exits for the service manager to restart it". */
    public static final int ENDED_UNEXPECTEDLY_EVENT_ID = 1003;

    /**
     * The longest a start may stay in START_PENDING before the host gives up and reports STOPPED. Bounded because
     * the SCM refuses every control (1061) while a service is starting, so stop and uninstall wait for this.
     */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final ScmApi scm;
    private final String serviceName;
    private final Preparation preparation;
    private final EventLogOpener eventLog;
    private final Timings timings;
    private final IntConsumer crashExit;
    private volatile ServiceBody body;
    private final ScmStatusReporter status;
    private final BlockingQueue<Integer> controls = new LinkedBlockingQueue<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile int exitCode = FAILURE_EXIT_CODE;
    /** Set when the body ended on its own after RUNNING: the process must end without STOPPED. */
    private volatile boolean crashed;

    private volatile Duration drainTimeout;

    /**
     * @param startTimeout how long the body may take to become healthy before the start counts as failed
     * @param slice        how often progress is reported while starting and stopping; wait hints are twice this
     * @param drainTimeout the graceful-stop budget given to the body (config shutdown-timeout)
     * @param stopMargin   beyond the drain, how long to wait for the body to end before reporting STOPPED anyway
     */
    public record Timings(Duration startTimeout, Duration slice, Duration drainTimeout, Duration stopMargin) {
        public static Timings standard(Duration drainTimeout) {
            return new Timings(START_TIMEOUT, Duration.ofSeconds(2), drainTimeout, Duration.ofSeconds(30));
        }

        int waitHintMillis() {
            return (int) Math.min(Integer.MAX_VALUE, slice.toMillis() * 2);
        }
    }

    /**
     * Builds the body inside service main, after the dispatcher has connected: whatever can fail here (reading the
     * config, setting up logging) is then reported to the SCM as a failed start instead of ending the process
     * before it ever talked to the SCM (which the admin sees only as an opaque 1053).
     */
    @FunctionalInterface
    public interface Preparation {
        ServiceBody prepare() throws Exception;
    }

    /** Opens the instance's Event Log source; only called when something must be told there. */
    @FunctionalInterface
    public interface EventLogOpener {
        EventLogSink open();
    }

    public WindowsServiceHost(ScmApi scm, String serviceName, ServiceBody body, Timings timings) {
        this(scm, serviceName, () -> body, () -> null, timings);
    }

    /** @param eventLog may return null when no Event Log is at hand */
    public WindowsServiceHost(
            ScmApi scm, String serviceName, Preparation preparation, EventLogOpener eventLog, Timings timings) {
        this(scm, serviceName, preparation, eventLog, timings, System::exit);
    }

    /**
     * @param crashExit ends the process with the given code without reporting STOPPED (the SCM's crash path);
     *                  {@code System::exit} in the service, a recorder in tests
     */
    public WindowsServiceHost(
            ScmApi scm,
            String serviceName,
            Preparation preparation,
            EventLogOpener eventLog,
            Timings timings,
            IntConsumer crashExit) {
        this.crashExit = crashExit;
        this.scm = scm;
        this.serviceName = serviceName;
        this.preparation = preparation;
        this.eventLog = eventLog;
        this.timings = timings;
        this.drainTimeout = timings.drainTimeout();
        this.status = new ScmStatusReporter(serviceName, timings.waitHintMillis());
    }

    /**
     * Connects to the SCM and runs the service until it has stopped; returns the process exit code (0 after a
     * requested stop). Throws {@link ScmException} 1063 when this process was not started by the SCM.
     */
    public int run() {
        try {
            scm.runDispatcher(serviceName, this::serviceMain);
        } catch (RuntimeException | Error e) {
            // Service main never ran, so there is nothing to drain: the shutdown hook must not wait for it.
            finished.countDown();
            throw e;
        }
        return exitCode;
    }

    /**
     * Makes a JVM shutdown that did not come from the SCM (a console shutdown event, System.exit elsewhere) drain
     * the body the same way before the JVM goes.
     */
    public void installShutdownHook() {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (finished.getCount() == 0) return;
                            requestStop(Scm.SERVICE_CONTROL_SHUTDOWN);
                            try {
                                finished.await(
                                        drainTimeout.plus(timings.stopMargin()).toMillis(), TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "service-shutdown"));
    }

    /** Waits until STOPPED has been reported; for callers that run {@link #run} on another thread. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void serviceMain() {
        try {
            status.connect(scm.registerControlHandler(serviceName, this::onControl));
        } catch (Throwable e) {
            LOG.error("cannot register the service control handler for {}", serviceName, e);
            finished.countDown();
            return;
        }
        int code;
        try {
            status.report(Scm.SERVICE_START_PENDING, 0);
            code = prepare();
            if (code < 0) code = startBody();
            if (code < 0) code = runUntilStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = FAILURE_EXIT_CODE;
        } catch (Throwable e) {
            // An Error too: a service main that dies without STOPPED leaves the process lingering and no recovery.
            LOG.error("service {} failed", serviceName, e);
            code = FAILURE_EXIT_CODE;
        }
        exitCode = code;
        if (crashed) {
            endAsCrash(code);
            return;
        }
        try {
            if (code == 0) status.report(Scm.SERVICE_STOPPED, 0);
            else status.stoppedWithFailure(code);
        } finally {
            finished.countDown();
        }
    }

    /**
     * Ends the process without STOPPED, so the SCM records a crash (event 7031/7034) and runs the failure actions
     * whatever the failure-actions flag says. The shutdown hook sees {@code finished} and does not try to drain.
     */
    private void endAsCrash(int code) {
        String message = "Jobwarden service " + serviceName + " ended unexpectedly (exit code " + code
                + "); the process exits so that the service's recovery actions restart it";
        LOG.error(message);
        tellEventLog(ENDED_UNEXPECTEDLY_EVENT_ID, message);
        finished.countDown();
        crashExit.accept(code);
    }

    /** Returns -1 once the body is ready to start, or the exit code to stop with. */
    private int prepare() {
        try {
            body = preparation.prepare();
            body.shutdownTimeout().ifPresent(this::adoptShutdownTimeout);
            return -1;
        } catch (Throwable e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            String message = "Jobwarden service " + serviceName + " cannot start: " + reason;
            LOG.error(message, e);
            tellEventLog(SETUP_FAILED_EVENT_ID, message);
            return SETUP_EXIT_CODE;
        }
    }

    /**
     * One stop budget: the config's. The pre-shutdown wait set at install may be stale (the config changed since),
     * and at reboot Windows kills a service whose pre-shutdown wait ends before its drain does.
     */
    private void adoptShutdownTimeout(Duration configured) {
        drainTimeout = configured;
        Duration preshutdown = configured.plus(timings.stopMargin());
        try {
            scm.changeConfig(serviceName, new ServiceConfig2.PreshutdownTimeout(preshutdown));
        } catch (RuntimeException e) {
            LOG.warn(
                    "service {}: cannot set the pre-shutdown timeout to {} s ({}); a reboot may cut the drain short",
                    serviceName,
                    preshutdown.toSeconds(),
                    e.getMessage());
        }
    }

    private void tellEventLog(int eventId, String message) {
        try (EventLogSink sink = eventLog.open()) {
            if (sink != null) sink.report(Scm.EVENTLOG_ERROR_TYPE, eventId, message);
        } catch (RuntimeException e) {
            LOG.warn("cannot write to the Event Log: {}", e.getMessage());
        }
    }

    /** Returns -1 once RUNNING was reported, or the exit code to stop with. */
    private int startBody() throws InterruptedException {
        ServiceBody body = this.body;
        try {
            body.start((what, within) -> status.progress(Scm.SERVICE_START_PENDING, what, within));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.error("service {} could not start: {}", serviceName, e.toString(), e);
            return FAILURE_EXIT_CODE;
        }
        long slices = Math.max(
                1,
                timings.startTimeout().toMillis() / Math.max(1, timings.slice().toMillis()));
        for (long i = 0; i < slices; i++) {
            if (stopRequested) return drain();
            OptionalInt ended = body.awaitExit(Duration.ZERO);
            if (ended.isPresent()) {
                LOG.error("service {} ended while starting, exit code {}", serviceName, ended.getAsInt());
                return failureCode(ended.getAsInt());
            }
            if (body.awaitHealthy(timings.slice())) {
                if (stopRequested) return drain();
                status.report(Scm.SERVICE_RUNNING, RUNNING_ACCEPTS);
                LOG.info("service {} is running", serviceName);
                return -1;
            }
            status.report(Scm.SERVICE_START_PENDING, 0);
        }
        LOG.error(
                "service {} was not healthy within {} s; stopping it",
                serviceName,
                timings.startTimeout().toSeconds());
        stopRequested = true;
        drain();
        return FAILURE_EXIT_CODE;
    }

    private int runUntilStopped() throws InterruptedException {
        ServiceBody body = this.body;
        while (true) {
            Integer control = controls.poll(timings.slice().toMillis(), TimeUnit.MILLISECONDS);
            if (control == null) {
                OptionalInt ended = body.awaitExit(Duration.ZERO);
                if (ended.isPresent()) {
                    crashed = true;
                    return failureCode(ended.getAsInt());
                }
                continue;
            }
            switch (control) {
                case Scm.SERVICE_CONTROL_PAUSE -> {
                    if (status.state() != Scm.SERVICE_RUNNING) continue;
                    status.report(Scm.SERVICE_PAUSE_PENDING, 0);
                    boolean paused = body.requestPause();
                    if (!paused) LOG.error("service {}: pause failed, jobs keep firing; still running", serviceName);
                    status.report(paused ? Scm.SERVICE_PAUSED : Scm.SERVICE_RUNNING, RUNNING_ACCEPTS);
                }
                case Scm.SERVICE_CONTROL_CONTINUE -> {
                    if (status.state() != Scm.SERVICE_PAUSED) continue;
                    status.report(Scm.SERVICE_CONTINUE_PENDING, 0);
                    boolean resumed = body.requestResume();
                    if (!resumed) LOG.error("service {}: continue failed; still paused", serviceName);
                    status.report(resumed ? Scm.SERVICE_RUNNING : Scm.SERVICE_PAUSED, RUNNING_ACCEPTS);
                }
                default -> {
                    return drain();
                }
            }
        }
    }

    /** Graceful stop with STOP_PENDING progress. A requested stop ends with 0 even if forced: no restart wanted. */
    private int drain() throws InterruptedException {
        status.stopPending();
        ServiceBody body = this.body;
        body.requestStop(drainTimeout);
        Duration budget = drainTimeout.plus(timings.stopMargin());
        long slices =
                Math.max(1, budget.toMillis() / Math.max(1, timings.slice().toMillis()));
        for (long i = 0; i < slices; i++) {
            OptionalInt ended = body.awaitExit(timings.slice());
            if (ended.isPresent()) {
                if (ended.getAsInt() != 0)
                    LOG.warn("service {} stopped with exit code {}", serviceName, ended.getAsInt());
                return 0;
            }
            status.report(Scm.SERVICE_STOP_PENDING, 0);
        }
        LOG.error("service {} did not stop within {} s; the process exits anyway", serviceName, budget.toSeconds());
        return 0;
    }

    /** The SCM's control callback; runs on the dispatcher thread, so it only records the request and returns. */
    int onControl(int control) {
        switch (control) {
            case Scm.SERVICE_CONTROL_STOP, Scm.SERVICE_CONTROL_SHUTDOWN, Scm.SERVICE_CONTROL_PRESHUTDOWN -> {
                requestStop(control);
                return Scm.NO_ERROR;
            }
            case Scm.SERVICE_CONTROL_PAUSE, Scm.SERVICE_CONTROL_CONTINUE -> {
                if (!status.active()) return Scm.ERROR_CALL_NOT_IMPLEMENTED;
                controls.add(control);
                return Scm.NO_ERROR;
            }
            case Scm.SERVICE_CONTROL_INTERROGATE -> {
                status.resend();
                return Scm.NO_ERROR;
            }
            default -> {
                return Scm.ERROR_CALL_NOT_IMPLEMENTED;
            }
        }
    }

    private void requestStop(int control) {
        synchronized (this) {
            if (stopRequested) return;
            stopRequested = true;
            status.stopPendingIfActive();
        }
        LOG.info("service {}: {} received, stopping", serviceName, Scm.controlName(control));
        controls.add(control);
    }

    private static int failureCode(int bodyExitCode) {
        return bodyExitCode == 0 ? FAILURE_EXIT_CODE : bodyExitCode;
    }
}
