package io.jobwarden.server.cli;

import io.jobwarden.server.logging.EarlyLogLines;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGINT (Ctrl-C) and SIGTERM as a request for a graceful stop, handled by {@code run} itself.
 *
 * <p>Why not just the JVM's shutdown hooks: a JVM ended by a signal exits with 128 + the signal's number (130,
 * 143) whatever its hooks do, so a clean stop would look like a failure to a shell, a service manager or a CI
 * script. With these handlers the stop runs and {@code run} returns, and the process exits 0. Shutdown hooks stay
 * for every other way the JVM can end ({@code System.exit}). SIGHUP asks for a config reload, as daemons do.
 */
final class StopSignals {
    private StopSignals() {}

    /**
     * Runs {@code reload} on a thread of its own at every SIGHUP. A SIGHUP ignored by whoever started the process
     * ({@code nohup}) stays ignored: the JVM does not take over an ignored signal.
     */
    static void onReload(Runnable reload) {
        try {
            Signal.handle(new Signal("HUP"), signal -> {
                say("SIGHUP received; reloading the config file");
                new Thread(reload, "jobwarden-signal-reload").start();
            });
        } catch (IllegalArgumentException e) {
            // No SIGHUP on Windows; reload there is POST /api/reload or jobwarden reload.
            EarlyLogLines.add(() -> log().debug("SIGHUP cannot be handled here: {}", e.getMessage()));
        }
    }

    /**
     * Runs {@code stop} on a thread of its own at the first SIGINT or SIGTERM; later ones only log, since the stop
     * under way already waits for the runs.
     */
    static void onStop(Runnable stop) {
        AtomicBoolean once = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (!once.compareAndSet(false, true)) {
                        say("SIG" + signal.getName() + " received; already stopping");
                        return;
                    }
                    say("SIG" + signal.getName() + " received; stopping gracefully");
                    new Thread(stop, "jobwarden-signal-stop").start();
                });
            } catch (IllegalArgumentException e) {
                // A signal this OS does not have (TERM on some Windows JVMs): the shutdown hook still covers it.
                EarlyLogLines.add(() -> log().debug("SIG{} cannot be handled here: {}", name, e.getMessage()));
            }
        }
    }

    /**
     * Logged once logging is set up (at once in a worker): the supervisor of {@code run} handles signals before it
     * sets up its logging, and a signal's line must neither race that setup nor miss the log file.
     */
    private static void say(String line) {
        EarlyLogLines.add(() -> log().info(line));
    }

    /** Fetched when first used: the first logger would set up logback's bootstrap console first. */
    private static Logger log() {
        return LoggerFactory.getLogger(StopSignals.class);
    }
}
