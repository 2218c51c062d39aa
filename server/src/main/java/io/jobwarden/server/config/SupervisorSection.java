package io.jobwarden.server.config;

import java.time.Duration;
import java.util.List;

/**
 * The parent process that launches the worker JVM and restarts it when it exits abnormally or stops heart-beating.
 * Restart delays back off from {@code restartDelay} to {@code maxRestartDelay}.
 */
public record SupervisorSection(
        boolean enabled,
        Duration heartbeatTimeout,
        Duration restartDelay,
        Duration maxRestartDelay,
        List<String> jvmOptions) {
    /** Shorter than the default {@code cluster.lease} by more than {@link #KILL_ALLOWANCE}, as a cluster needs. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);
    /** What killing a hung worker takes beyond its silence: a thread dump (1 s) and its process tree killed. */
    public static final Duration KILL_ALLOWANCE = Duration.ofSeconds(5);

    public static final Duration DEFAULT_RESTART_DELAY = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_RESTART_DELAY = Duration.ofMinutes(5);

    public SupervisorSection {
        jvmOptions = List.copyOf(jvmOptions);
    }
}
