package io.jobwarden.platform.windows;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the service manager is told about one service: the current status, with the checkpoint that must advance
 * while a state is pending and the wait hint that says how long until the next report. The service's main thread and
 * the SCM's control callback both report, so every step that reads the status and reports on it holds the one lock.
 */
final class ScmStatusReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ScmStatusReporter.class);

    private final String serviceName;
    private final int waitHintMillis;
    private ScmApi.StatusChannel channel;
    private ScmStatus current = ScmStatus.reported(Scm.SERVICE_STOPPED, 0, 0, 0, 0, 0);

    /** @param waitHintMillis the wait hint of a pending state, unless a step says it needs longer */
    ScmStatusReporter(String serviceName, int waitHintMillis) {
        this.serviceName = serviceName;
        this.waitHintMillis = waitHintMillis;
    }

    /** Until the control handler is registered there is nowhere to report to; the status is still kept. */
    synchronized void connect(ScmApi.StatusChannel channel) {
        this.channel = channel;
    }

    synchronized int state() {
        return current.state();
    }

    /** Running or paused: the states that take pause, continue and a stop that reports STOP_PENDING at once. */
    synchronized boolean active() {
        return current.state() == Scm.SERVICE_RUNNING || current.state() == Scm.SERVICE_PAUSED;
    }

    /** Reports {@code state}; a pending one with the next checkpoint and the usual wait hint. */
    synchronized void report(int state, int accepts) {
        report(state, accepts, waitHintMillis);
    }

    /** STOP_PENDING, unless it was already reported (a stop request reports it the moment it arrives). */
    synchronized void stopPending() {
        if (current.state() != Scm.SERVICE_STOP_PENDING) report(Scm.SERVICE_STOP_PENDING, 0);
    }

    /** STOP_PENDING if running or paused, so the SCM sees a stop taken within milliseconds of asking. */
    synchronized void stopPendingIfActive() {
        if (active()) report(Scm.SERVICE_STOP_PENDING, 0);
    }

    /** A step of a pending state that says how long it may take; ignored once the state has moved on. */
    synchronized void progress(int pendingState, String what, Duration within) {
        if (current.state() != pendingState) return;
        LOG.info("service {} starting: {}", serviceName, what);
        report(pendingState, 0, (int) Math.min(Integer.MAX_VALUE, Math.max(within.toMillis(), waitHintMillis)));
    }

    /** STOPPED with ERROR_SERVICE_SPECIFIC_ERROR and {@code code}, which the admin reads in the service's status. */
    synchronized void stoppedWithFailure(int code) {
        send(ScmStatus.reported(Scm.SERVICE_STOPPED, 0, Scm.ERROR_SERVICE_SPECIFIC_ERROR, code, 0, 0));
    }

    /** The answer to INTERROGATE: the current status again. */
    synchronized void resend() {
        send(current);
    }

    private void report(int state, int accepts, int waitHint) {
        boolean pending = state == Scm.SERVICE_START_PENDING
                || state == Scm.SERVICE_STOP_PENDING
                || state == Scm.SERVICE_PAUSE_PENDING
                || state == Scm.SERVICE_CONTINUE_PENDING;
        int checkPoint = !pending ? 0 : current.state() == state ? current.checkPoint() + 1 : 1;
        send(ScmStatus.reported(state, accepts, 0, 0, checkPoint, pending ? waitHint : 0));
    }

    private void send(ScmStatus status) {
        current = status;
        ScmApi.StatusChannel c = channel;
        if (c == null) return;
        try {
            c.report(status);
        } catch (RuntimeException e) {
            LOG.warn("SetServiceStatus({}) failed: {}", status, e.getMessage());
        }
    }
}
