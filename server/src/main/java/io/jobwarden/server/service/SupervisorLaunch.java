package io.jobwarden.server.service;

import io.jobwarden.engine.Durations;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.config.SupervisorSection;
import io.jobwarden.supervisor.Supervisor;
import io.jobwarden.supervisor.SupervisorSettings;
import io.jobwarden.supervisor.WorkerCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builds the supervisor for an instance: the same for {@code jobwarden run} and for the OS service process. */
public final class SupervisorLaunch {
    /** Time beyond the shutdown timeout the supervisor gives a stopping worker before it kills it. */
    static final Duration STOP_MARGIN = Duration.ofSeconds(15);

    private SupervisorLaunch() {}

    /**
     * @param workerArgs the {@code jobwarden} arguments of the worker, starting with {@code run --no-supervisor}
     */
    public static Supervisor create(JobwardenConfig cfg, List<String> workerArgs, Path workDir) {
        checkLease(cfg);
        var sup = cfg.supervisor();
        List<String> command = WorkerCommand.sameJvm(sup.jvmOptions(), "io.jobwarden.server.cli.Main", workerArgs);
        return new Supervisor(new SupervisorSettings(
                sup.heartbeatTimeout(),
                sup.restartDelay(),
                sup.maxRestartDelay(),
                sup.maxRestartDelay().multipliedBy(2),
                cfg.shutdownTimeout().plus(STOP_MARGIN),
                cfg.logging().crashDir(),
                command,
                Map.of(),
                workDir));
    }

    /**
     * A paused worker JVM cannot fence itself while its job processes run on: the supervisor must have killed the
     * worker's process tree before the lease can expire and another node retries the runs (docs/semantics.md#cluster).
     */
    public static void checkLease(JobwardenConfig cfg) {
        if (!cfg.cluster().enabled()) return;
        Duration heartbeat = cfg.supervisor().heartbeatTimeout();
        Duration lease = cfg.cluster().lease();
        if (heartbeat.plus(SupervisorSection.KILL_ALLOWANCE).compareTo(lease) < 0) return;
        throw new InvalidInputException(
                "supervisor.heartbeat-timeout",
                "(" + Durations.format(heartbeat) + ") plus " + Durations.format(SupervisorSection.KILL_ALLOWANCE)
                        + " to kill a hung worker must be shorter than cluster.lease (" + Durations.format(lease)
                        + "): a paused worker's job processes would otherwise still run when other nodes retry them;"
                        + " shorten supervisor.heartbeat-timeout or lengthen cluster.lease");
    }
}
