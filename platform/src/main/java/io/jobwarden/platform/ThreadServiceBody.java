package io.jobwarden.platform;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A body that runs a command in-process on its own thread and counts it healthy once it has stayed alive for
 * {@code healthyAfter}. This is the stand-in until the service is pointed at the real supervisor, which can
 * tell health from the worker's heartbeat; stopping interrupts the thread unless a stop action is given.
 */
public final class ThreadServiceBody implements ServiceBody {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadServiceBody.class);

    private final String name;
    private final IntSupplier work;
    private final Duration healthyAfter;
    private final Runnable stopAction;
    private volatile Thread thread;
    private volatile long startedNanos;
    private volatile int exitCode = -1;

    /**
     * @param work         returns the exit code of the work; runs until it ends or is interrupted
     * @param stopAction   how to ask the work to stop; null to interrupt its thread
     */
    public ThreadServiceBody(String name, IntSupplier work, Duration healthyAfter, Runnable stopAction) {
        this.name = name;
        this.work = work;
        this.healthyAfter = healthyAfter;
        this.stopAction = stopAction;
    }

    @Override
    public void start(StartProgress progress) {
        Thread t = new Thread(this::runWork, name);
        startedNanos = System.nanoTime();
        thread = t;
        t.start();
    }

    private void runWork() {
        int code = 2;
        try {
            code = work.getAsInt();
        } catch (RuntimeException | Error e) {
            LOG.error("{} failed", name, e);
        } finally {
            exitCode = code;
        }
    }

    @Override
    public boolean awaitHealthy(Duration timeout) throws InterruptedException {
        Thread t = thread;
        if (t == null) return false;
        long dueIn = healthyAfter.toNanos() - (System.nanoTime() - startedNanos);
        if (dueIn > timeout.toNanos()) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeout.toNanos())));
            return false;
        }
        if (dueIn > 0) t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(dueIn)));
        return t.isAlive();
    }

    @Override
    public boolean requestPause() {
        LOG.warn("{}: pausing is not supported by the in-process body; claiming goes on", name);
        return false;
    }

    @Override
    public boolean requestResume() {
        return true; // nothing was paused
    }

    @Override
    public void requestStop(Duration drainTimeout) {
        Thread t = thread;
        if (stopAction != null) stopAction.run();
        else if (t != null) t.interrupt();
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        Thread t = thread;
        if (t == null) return OptionalInt.of(exitCode < 0 ? 2 : exitCode);
        if (!timeout.isZero()) t.join(Math.max(1, timeout.toMillis()));
        return t.isAlive() ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }
}
