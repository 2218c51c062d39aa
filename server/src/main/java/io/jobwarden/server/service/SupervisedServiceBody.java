package io.jobwarden.server.service;

import io.jobwarden.platform.ServiceBody;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.supervisor.Supervisor;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the OS service process runs: the supervisor, in this JVM, with the worker as its child. The service manager
 * restarts this process if it dies; the supervisor restarts the worker. Healthy means the worker is up and
 * heart-beating, so the SCM sees RUNNING only once jobs can actually run.
 */
public final class SupervisedServiceBody implements ServiceBody {
    private static final Logger log = LoggerFactory.getLogger(SupervisedServiceBody.class);

    private final JobwardenConfig config;
    private final List<String> workerArgs;
    private final java.nio.file.Path workDir;
    private final Predicate<String> control;
    private final AutoCloseable instanceLock;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Supervisor supervisor;
    private volatile int exitCode = 2;

    /**
     * @param control      sends a control action (pause, resume) to the running worker; true once the worker took it
     * @param instanceLock the instance lock this process holds, released when the supervisor has finished
     */
    public SupervisedServiceBody(
            JobwardenConfig config,
            List<String> workerArgs,
            java.nio.file.Path workDir,
            Predicate<String> control,
            AutoCloseable instanceLock) {
        this.config = config;
        this.workerArgs = List.copyOf(workerArgs);
        this.workDir = workDir;
        this.control = control;
        this.instanceLock = instanceLock;
    }

    @Override
    public void start(StartProgress progress) {
        supervisor = SupervisorLaunch.create(config, workerArgs, workDir);
        SupervisorLaunch.shrinkHeap();
        // The service manager restarts a service that ended with an error; nobody restarts a supervisor that
        // loops inside a service the SCM still shows as RUNNING.
        supervisor.endOnCrashLoop();
        Thread t = new Thread(
                () -> {
                    try {
                        exitCode = supervisor.run();
                    } catch (Throwable e) {
                        log.error("the supervisor failed", e);
                    } finally {
                        releaseInstanceLock();
                        ended.countDown();
                    }
                },
                "jobwarden-supervisor");
        t.start();
        progress.stillStarting("starting the worker JVM", config.supervisor().heartbeatTimeout());
    }

    @Override
    public boolean awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ended.getCount() == 0) return false;
            Supervisor s = supervisor;
            if (s != null && s.state() == Supervisor.State.RUNNING) return true;
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public boolean requestPause() {
        return control.test("pause");
    }

    @Override
    public boolean requestResume() {
        return control.test("resume");
    }

    @Override
    public void requestStop(Duration drainTimeout) {
        Supervisor s = supervisor;
        if (s == null) {
            ended.countDown();
            return;
        }
        new Thread(s::stop, "jobwarden-service-stop").start();
    }

    @Override
    public java.util.Optional<Duration> shutdownTimeout() {
        return java.util.Optional.of(config.shutdownTimeout());
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(exitCode) : OptionalInt.empty();
    }

    private void releaseInstanceLock() {
        try {
            instanceLock.close();
        } catch (Exception e) {
            log.warn("could not release the instance lock: {}", e.toString());
        }
    }
}
