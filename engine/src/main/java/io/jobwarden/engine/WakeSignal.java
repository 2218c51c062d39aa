package io.jobwarden.engine;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cuts the scheduler thread's sleep short (a job added, a run recorded). Made before the loop and the recorder so that
 * each can be given it: the recorder wakes the loop without holding the loop itself.
 */
final class WakeSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean requested;

    void wakeUp() {
        lock.lock();
        try {
            requested = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps up to {@code timeout}; a wake-up that came since the last sleep ends it at once, so none is lost. */
    void sleep(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!requested && nanos > 0) nanos = wake.awaitNanos(nanos);
            requested = false;
        } finally {
            lock.unlock();
        }
    }
}
