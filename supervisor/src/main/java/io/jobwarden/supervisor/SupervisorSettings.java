package io.jobwarden.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the supervisor launches and watches the worker.
 *
 * @param heartbeatTimeout the longest silence before the worker counts as hung and is killed; also the time a new
 *                         worker has to connect ({@code supervisor.heartbeat-timeout})
 * @param restartDelay     the first restart delay, doubled on each further crash ({@code supervisor.restart-delay})
 * @param maxRestartDelay  the ceiling of the doubling ({@code supervisor.max-restart-delay})
 * @param healthyAfter     a worker that ran this long resets the delay to {@code restartDelay}
 * @param shutdownTimeout  how long a stopping worker may take before it is killed
 * @param crashDir         where crash reports go (logs/crash)
 * @param workerCommand    the full worker command line, see {@link WorkerCommand#sameJvm}
 * @param workerEnv        extra environment for the worker, on top of the supervisor's own
 * @param workDir          the worker's working directory (where the JVM writes hs_err_pid*.log)
 */
public record SupervisorSettings(
        Duration heartbeatTimeout,
        Duration restartDelay,
        Duration maxRestartDelay,
        Duration healthyAfter,
        Duration shutdownTimeout,
        Path crashDir,
        List<String> workerCommand,
        Map<String, String> workerEnv,
        Path workDir) {

    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RESTART_DELAY = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_RESTART_DELAY = Duration.ofMinutes(5);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** Beats come every quarter of the timeout, so shorter timeouts would flood the link for no gain. */
    static final Duration MIN_HEARTBEAT_TIMEOUT = Duration.ofSeconds(1);

    /** @throws IllegalArgumentException naming the setting and the problem */
    public SupervisorSettings {
        positive("supervisor.heartbeat-timeout", heartbeatTimeout);
        positive("supervisor.restart-delay", restartDelay);
        positive("supervisor.max-restart-delay", maxRestartDelay);
        positive("supervisor.healthy-after", healthyAfter);
        positive("supervisor.shutdown-timeout", shutdownTimeout);
        if (heartbeatTimeout.compareTo(MIN_HEARTBEAT_TIMEOUT) < 0) {
            throw new IllegalArgumentException("supervisor.heartbeat-timeout must be at least "
                    + text(MIN_HEARTBEAT_TIMEOUT) + ", was " + text(heartbeatTimeout));
        }
        if (restartDelay.compareTo(maxRestartDelay) > 0) {
            throw new IllegalArgumentException("supervisor.restart-delay (" + text(restartDelay)
                    + ") must not exceed supervisor.max-restart-delay (" + text(maxRestartDelay) + ")");
        }
        required("crash directory", crashDir);
        required("worker working directory", workDir);
        if (workerCommand == null || workerCommand.isEmpty()) {
            throw new IllegalArgumentException("the worker command is empty");
        }
        workerCommand = List.copyOf(workerCommand);
        workerEnv = workerEnv == null ? Map.of() : Map.copyOf(workerEnv);
    }

    /** The product defaults; the delay resets once a worker has run for twice the longest restart delay. */
    public static SupervisorSettings withDefaults(List<String> workerCommand, Path workDir, Path crashDir) {
        return new SupervisorSettings(
                DEFAULT_HEARTBEAT_TIMEOUT,
                DEFAULT_RESTART_DELAY,
                DEFAULT_MAX_RESTART_DELAY,
                DEFAULT_MAX_RESTART_DELAY.multipliedBy(2),
                DEFAULT_SHUTDOWN_TIMEOUT,
                crashDir,
                workerCommand,
                Map.of(),
                workDir);
    }

    /** Durations as people read them in a log line: 500ms, 2.001s, 5m. */
    static String text(Duration d) {
        long millis = d.toMillis();
        return Math.abs(millis) < 1000
                ? millis + "ms"
                : Duration.ofMillis(millis).toString().substring(2).toLowerCase();
    }

    private static void positive(String name, Duration value) {
        required(name, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + text(value));
        }
    }

    private static void required(String name, Object value) {
        if (value == null) throw new IllegalArgumentException(name + " is required");
    }
}
