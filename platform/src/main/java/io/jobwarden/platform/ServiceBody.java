package io.jobwarden.platform;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The work a service process does: the supervised Jobwarden run. A service host (the Windows SCM dispatcher or
 * a plain foreground host under systemd/launchd) drives it through this interface and reports its progress to
 * the OS. Every method except {@link #start} and the awaits must return promptly.
 */
public interface ServiceBody {
    /** Begins the work. May take a while; report long steps through {@code progress}. Throws if it cannot start. */
    void start(StartProgress progress) throws Exception;

    /** True once the work is healthy (the worker answers), false if {@code timeout} passed first or it ended. */
    boolean awaitHealthy(Duration timeout) throws InterruptedException;

    /**
     * Claim no new fires until {@link #requestResume}; runs in progress go on. Returns true only once claiming has
     * paused: the host reports PAUSED on that alone, so the OS never shows a pause while jobs still fire.
     */
    boolean requestPause();

    /** Returns true once claiming has resumed; false leaves the service paused. */
    boolean requestResume();

    /** Begins a graceful stop: claim nothing new, let running runs finish for up to {@code drainTimeout}. */
    void requestStop(Duration drainTimeout);

    /**
     * The body's own graceful-stop budget when it reads one (the config's top-level {@code shutdown-timeout}); the
     * host then drains with it and tells the OS to wait for it, instead of the budget it was started with.
     */
    default Optional<Duration> shutdownTimeout() {
        return Optional.empty();
    }

    /** The exit code once the work has ended (0 clean), or empty if it still runs after {@code timeout}. */
    OptionalInt awaitExit(Duration timeout) throws InterruptedException;

    /** Lets a body that knows its start is slow tell the OS so, instead of the OS giving up on it. */
    interface StartProgress {
        /** Still starting; expect the next sign of life within {@code expectedWithin}. */
        void stillStarting(String what, Duration expectedWithin);
    }
}
