package io.jobwarden.server;

import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.http.ControlActions;
import io.jobwarden.supervisor.SupervisorStatus;
import io.jobwarden.supervisor.WorkerLink;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the running {@link Worker} of {@code run} and does what {@code /control}, {@code /api/reload} and SIGHUP ask.
 * Every one of them reads the config file again first, so a file broken since the start is refused and the running
 * worker stays as it is. A restart builds a new worker in this process, the same with and without a supervisor.
 */
public final class WorkerHost implements ControlActions {
    private static final Logger log = LoggerFactory.getLogger(WorkerHost.class);

    private final Supplier<JobwardenConfig> source;
    private final Optional<WorkerLink> link;
    private final Runnable exit;
    private final Runnable stopped;
    private JobwardenConfig config;
    private volatile Worker worker;

    /**
     * @param source  reads and validates the config file (with the command line's overrides); throws
     *                {@link io.jobwarden.engine.InvalidInputException} for a broken file
     * @param exit    what {@code /control stop} does once the supervisor was told (ends the process)
     * @param stopped called once {@link #shutdown()} has stopped the worker
     */
    public WorkerHost(
            Supplier<JobwardenConfig> source,
            JobwardenConfig config,
            Optional<WorkerLink> link,
            Runnable exit,
            Runnable stopped) {
        this.source = source;
        this.config = config;
        this.link = link;
        this.exit = exit;
        this.stopped = stopped;
    }

    public synchronized void start() {
        worker = Worker.start(
                config, this, link.map(WorkerLink::supervisorStatus).orElse(SupervisorStatus.FIRST_START));
    }

    /** The running worker, or null between a stop and a start. */
    public Worker worker() {
        return worker;
    }

    /**
     * Alive while the scheduler thread keeps passing: a hung loop stops the heartbeat and the supervisor acts. The
     * window is two thirds of {@code supervisor.heartbeat-timeout}, so a loop stuck that long is killed a timeout
     * later, and a shorter timeout also catches a stuck loop sooner.
     */
    public boolean schedulerAlive() {
        Worker w = worker;
        if (w == null) return true;
        return loopAlive(
                w.engine().lastSchedulerPass(),
                w.engine().clock().instant(),
                config.supervisor().heartbeatTimeout());
    }

    /** Whether a loop that last passed at {@code lastPass} (null: not yet) counts as alive at {@code now}. */
    static boolean loopAlive(Instant lastPass, Instant now, Duration heartbeatTimeout) {
        Duration window = heartbeatTimeout.multipliedBy(2).dividedBy(3);
        return lastPass == null || Duration.between(lastPass, now).compareTo(window) < 0;
    }

    public synchronized void shutdown() {
        Worker w = worker;
        worker = null;
        if (w != null) w.stop();
        stopped.run();
    }

    @Override
    public void checkConfig() {
        source.get();
    }

    @Override
    public synchronized void restart() {
        JobwardenConfig fresh = source.get();
        log.info("restarting the worker on request");
        Worker old = worker;
        if (old != null) old.stop();
        config = fresh;
        start();
    }

    @Override
    public synchronized ConfigReload reload() {
        JobwardenConfig fresh = source.get();
        Worker w = worker;
        if (w == null) throw new UnsupportedOperationException("the worker is not running; nothing to reload");
        ConfigReload outcome = w.reload(fresh);
        // What a restart would start from: the jobs as now applied; the rest as running until that restart.
        config = fresh;
        return outcome;
    }

    /** SIGHUP: a reload whose outcome, good or refused, goes to the log only. */
    public void reloadAndLog(String why) {
        try {
            log.info("{}: config reloaded: {}", why, reload().summary());
        } catch (io.jobwarden.engine.InvalidInputException e) {
            // One event, one line, as a refused POST /api/reload logs it.
            log.error("{}: config file refused, the running config stays: {}", why, e.getMessage());
        } catch (RuntimeException e) {
            log.error("{}: reload failed: {}", why, e.toString());
        }
    }

    @Override
    public void stop() {
        log.info("stopping on request");
        link.ifPresent(WorkerLink::stoppingOnPurpose);
        exit.run();
    }
}
