package io.jobwarden.server;

import java.util.concurrent.CountDownLatch;

/**
 * Waits that an interrupt does not cut short, for steps of a start or a stop that must see the other side finish:
 * the interrupt is kept and set again on the thread once the wait is over.
 */
public final class Uninterruptibly {
    private Uninterruptibly() {}

    public static void await(CountDownLatch latch) {
        waitFor(latch::await);
    }

    public static void join(Thread thread) {
        waitFor(thread::join);
    }

    private interface Wait {
        void run() throws InterruptedException;
    }

    private static void waitFor(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
