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

/** Builds the supervisor for an instance: the same for {@code jobwarden run} and for the OS service process. */
public final class SupervisorLaunch {
    /** Time beyond the shutdown timeout the supervisor gives a stopping worker before it kills it. */
    static final Duration STOP_MARGIN = Duration.ofSeconds(15);

    /** Under the instance's data directory: the worker's class-data sharing archive (docs/operations.md). */
    public static final String ARCHIVE_DIR = "cds";

    private SupervisorLaunch() {}

    /**
     * @param workerArgs the {@code jobwarden} arguments of the worker, starting with {@code run --no-supervisor}
     */
    public static Supervisor create(JobwardenConfig cfg, List<String> workerArgs, Path workDir) {
        checkLease(cfg);
        var sup = cfg.supervisor();
        return new Supervisor(new SupervisorSettings(
                sup.heartbeatTimeout(),
                sup.restartDelay(),
                sup.maxRestartDelay(),
                sup.maxRestartDelay().multipliedBy(2),
                cfg.shutdownTimeout().plus(STOP_MARGIN),
                cfg.logging().crashDir(),
                workerCommand(cfg, workerArgs),
                WorkerCommand.environment(System.getenv()),
                workDir));
    }

    /**
     * What reading the config and setting up logging left behind is garbage once both are done: a full collection
     * then lets the supervisor's small heap shrink back (JvmOptions.SUPERVISOR) for the rest of its long life.
     */
    public static void shrinkHeap() {
        System.gc();
    }

    /** The worker's command line: the product's JVM defaults, the configured options, the class-data archive. */
    static List<String> workerCommand(JobwardenConfig cfg, List<String> workerArgs) {
        return WorkerCommand.worker(
                cfg.supervisor().jvmOptions(),
                cfg.dataDir().resolve(ARCHIVE_DIR),
                "io.jobwarden.server.cli.Main",
                workerArgs);
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
