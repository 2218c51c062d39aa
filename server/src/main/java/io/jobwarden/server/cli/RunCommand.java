package io.jobwarden.server.cli;

import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.server.InstanceLock;
import io.jobwarden.server.WorkerHost;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.http.HttpStartupException;
import io.jobwarden.server.logging.EarlyLogLines;
import io.jobwarden.server.logging.LoggingSetup;
import io.jobwarden.server.service.SupervisorLaunch;
import io.jobwarden.supervisor.CrashReporter;
import io.jobwarden.supervisor.Supervisor;
import io.jobwarden.supervisor.WorkerLink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobwarden run}: by default a supervisor process that starts the worker JVM as its child and restarts it
 * (docs/semantics.md#supervision-and-crash-capture); with {@code --no-supervisor}, the worker itself in this JVM.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs Jobwarden in the foreground.",
            "By default a supervisor process starts the worker JVM as its child, watches its heartbeat and restarts it "
                    + "after a crash or hang. Ctrl-C or SIGTERM stops gracefully, and run then exits 0; SIGHUP reloads the "
                    + "config file's jobs (as jobwarden reload does).",
            "One instance (name and data directory) runs in one process at a time: a second start exits 2 naming "
                    + "the running one's pid."
        })
public final class RunCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "The config file (default: jobwarden.yml in the current directory, if present; else built-in defaults).")
    Path config;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Instance name (overrides the file's name:). Another name than the file's keeps its own "
                    + "data/NAME/ (default SQLite store, lock) and logs/NAME/.")
    String name;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "HTTP port (overrides http.port); shell jobs see it as JOBWARDEN_HTTP_PORT.")
    Integer port;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Base directory for relative paths: the SQLite store, logs, plugins.")
    Path data;

    @Option(names = "--no-supervisor", description = "Run the worker in this process, without a supervising parent.")
    boolean noSupervisor;

    @Override
    public Integer call() throws Exception {
        ConfigSource source = new ConfigSource(config, data, name, port);
        if (!noSupervisor) {
            // The supervisor reads every setting but the jobs: a broken setting stops the start here, a broken job
            // stops it in the worker, which reads the whole file once.
            JobwardenConfig settings = source.loadWithoutJobs();
            if (settings.supervisor().enabled()) return supervise(settings);
        }
        // While this thread reads the file: the worker's logging is set up from it next, and slow to start cold.
        LoggingSetup.prepareInBackground();
        return work(source, loadAsWorker(source));
    }

    /**
     * A supervised worker whose file is refused at the instance's first start tells its supervisor that it stops on
     * purpose: a restart would read the same file, so {@code run} ends at once with this exit code, as it did when the
     * supervisor validated the jobs itself. A worker restarted after a crash is restarted as any crashed worker is
     * (with backing-off delays), so that a file fixed meanwhile brings the instance back. The problems reach the
     * console as the worker's {@code error:} lines (ErrorLines), which the supervisor relays.
     */
    private static JobwardenConfig loadAsWorker(ConfigSource source) {
        try {
            return source.load();
        } catch (InvalidInputException e) {
            WorkerLink.connectFromEnvironment()
                    .filter(link -> link.supervisorStatus().restarts() == 0)
                    .ifPresent(WorkerLink::stoppingOnPurpose);
            throw e;
        }
    }

    /**
     * How long the supervisor waits for its first worker's start before setting up its own logging anyway: a few
     * times a start on a two-core machine, so that only a start held up by something (a store that does not answer,
     * a worker writing more before it is up than the pipe holds) makes the two compete again.
     */
    static final Duration WORKER_START_PATIENCE = Duration.ofSeconds(3);

    private int supervise(JobwardenConfig cfg) {
        // Before logging starts: a refused second process must not write into the running one's log files.
        try (InstanceLock lock = InstanceLock.acquire(cfg.dataDir(), InstanceLock.INSTANCE, "jobwarden run")) {
            return supervise(cfg, lock);
        }
    }

    private int supervise(JobwardenConfig cfg, InstanceLock lock) {
        List<String> args = new ArrayList<>(List.of("run", "--no-supervisor"));
        if (config != null)
            args.addAll(List.of("--config", config.toAbsolutePath().toString()));
        if (data != null) args.addAll(List.of("--data", data.toAbsolutePath().toString()));
        if (name != null) args.addAll(List.of("--name", name));
        if (port != null) args.addAll(List.of("--port", port.toString()));
        Supervisor supervisor = SupervisorLaunch.create(cfg, args, Path.of("").toAbsolutePath());
        // The worker's JVM starts first, and this one sets up its logging only once the worker's start is done
        // (bench/FOOTPRINT.md, round five; bench/RESULTS.md, round fourteen); the worker's output waits in the pipe
        // until then, to be relayed into the log set up here. Nothing before that touches a logger, which would set
        // up logback's bootstrap console first: the lines of signals wait for it (EarlyLogLines). Signals are
        // handled before there is a worker, so that one sent once the worker exists never meets the JVM's default
        // (a stop, for SIGHUP); before that, the shutdown hook's stop covers SIGTERM and Ctrl-C.
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stop, "supervisor-stop"));
        StopSignals.onStop(supervisor::stop);
        StopSignals.onReload(() -> {
            if (!supervisor.reloadWorker()) EarlyLogLines.add(RunCommand::logNoWorkerToReload);
        });
        supervisor.launchAhead();
        return supervisor.run(WORKER_START_PATIENCE, () -> {
            LoggingSetup.apply(cfg.logging(), cfg.secrets(), "supervisor");
            SupervisorLaunch.shrinkHeap();
            log().info("supervisor of instance {} supervises its worker; {} is held", cfg.name(), lock.file());
        });
    }

    private static void logNoWorkerToReload() {
        log().info("SIGHUP: no worker runs to pass it on to; the next one reads the config file as it starts");
    }

    /** Fetched when first used: the supervisor starts its worker before anything touches a logger (supervise). */
    private static Logger log() {
        return LoggerFactory.getLogger(RunCommand.class);
    }

    private int work(ConfigSource source, JobwardenConfig cfg) throws InterruptedException {
        Optional<WorkerLink> link = WorkerLink.connectFromEnvironment();
        // A supervised worker's supervisor holds the instance lock; one run by hand holds it itself.
        InstanceLock instance = link.isPresent()
                ? null
                : InstanceLock.acquire(cfg.dataDir(), InstanceLock.INSTANCE, "jobwarden run --no-supervisor");
        try {
            return work(source, cfg, link);
        } finally {
            if (instance != null) instance.close();
        }
    }

    private int work(ConfigSource source, JobwardenConfig cfg, Optional<WorkerLink> link) throws InterruptedException {
        LoggingSetup.apply(cfg);
        CrashReporter.install(cfg.logging().crashDir());
        CountDownLatch stopped = new CountDownLatch(1);
        WorkerHost host = new WorkerHost(source::load, cfg, link, () -> System.exit(Main.OK), stopped::countDown);
        // Beat from the start: opening the store and migrating it can take longer than the heartbeat timeout, and a
        // worker still starting is not a hung one. Once the engine runs, its scheduler loop is what keeps the beat.
        link.ifPresent(l -> l.startBeating(host::schedulerAlive));
        try {
            host.start();
        } catch (HttpStartupException e) {
            // A cause the operator fixes by configuration: one line, no trace (the message says what to change).
            log().error("could not start: {}", e.getMessage());
            link.ifPresent(WorkerLink::stoppingOnPurpose);
            return Main.FAILURE;
        } catch (RuntimeException e) {
            log().error("could not start: {}", e.getMessage(), e);
            link.ifPresent(WorkerLink::stoppingOnPurpose);
            throw e;
        }
        // Before UP: the supervisor holds a reload asked for during the start until then, when there is a host to
        // reload.
        link.ifPresent(l -> l.onReloadRequest(() -> host.reloadAndLog("supervisor passed on SIGHUP")));
        link.ifPresent(WorkerLink::started);
        Runtime.getRuntime().addShutdownHook(new Thread(host::shutdown, "jobwarden-stop"));
        StopSignals.onStop(host::shutdown);
        StopSignals.onReload(() -> host.reloadAndLog("SIGHUP"));
        stopped.await();
        return Main.OK;
    }
}
