package io.jobwarden.server.logging;

import java.util.concurrent.CompletableFuture;

/**
 * Log calls that wait until this JVM's logging is set up ({@link LoggingSetup#apply}, well or not), and then run in
 * the order they came, on the thread that set it up; later ones run at once. For what another thread logs while the
 * logging may not be set up yet: a signal's handler in the supervisor of {@code run} above all. Its first log call
 * would start SLF4J on that thread, and an {@link LoggingSetup#apply} meanwhile would find SLF4J's stand-in factory
 * instead of logback and configure nothing, so that the supervisor's log and its worker's relayed output went to the
 * bootstrap console or nowhere. Even without that race, the line would reach the bootstrap console only, not the log
 * file.
 *
 * <p>No logback or SLF4J class here: the supervisor loads this before it starts its worker, and loading those first
 * is what it avoids (SupervisorStartOrderTest).
 */
public final class EarlyLogLines {
    private static final CompletableFuture<Void> SET_UP = new CompletableFuture<>();
    /** The last call added, so that each runs after the one before it; guarded by the class. */
    private static CompletableFuture<Void> last = SET_UP;

    private EarlyLogLines() {}

    /** Runs {@code logCall} once logging is set up, at once if it is; one that throws keeps no later one from running. */
    public static synchronized void add(Runnable logCall) {
        last = last.handle((done, earlierFailed) -> {
            logCall.run();
            return null;
        });
    }

    /** Logging is set up: the calls waiting run now, on this thread. */
    static void release() {
        SET_UP.complete(null);
    }
}
