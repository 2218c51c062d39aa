package io.jobwarden.runner;

/**
 * Interrupts the thread running a java task when the run is cancelled, and only while the task runs: an interrupt
 * that arrives after the task returned must not leak into whatever the worker thread does next.
 */
final class RunInterrupter {
    private final Thread thread;
    private boolean armed = true;
    private boolean fired;

    RunInterrupter(Thread thread) {
        this.thread = thread;
    }

    synchronized void interrupt() {
        if (armed) {
            fired = true;
            thread.interrupt();
        }
    }

    /** Called on the task's thread when the task has returned; clears the interrupt this class set, if any. */
    void disarm() {
        boolean clear;
        synchronized (this) {
            armed = false;
            clear = fired;
        }
        if (clear) Thread.interrupted();
    }
}
