package io.jobwarden.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Copies a child's output into the run's sink on a thread of its own, so a child that writes more than the pipe
 * holds never blocks waiting for us.
 */
final class OutputPump {
    private final Thread thread;

    OutputPump(InputStream source, OutputStream sink, String name) {
        this.thread = new Thread(() -> copy(source, sink), name);
        // A background process of the job may keep the pipe open long after the run; it must not hold the JVM.
        thread.setDaemon(true);
    }

    OutputPump start() {
        thread.start();
        return this;
    }

    /**
     * True once everything was copied (the pipe closed); false if it is still open after {@code wait}, or if the
     * waiting thread is interrupted (the interrupt is kept).
     */
    boolean awaitEnd(Duration wait) {
        try {
            thread.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private static void copy(InputStream source, OutputStream sink) {
        byte[] buffer = new byte[8192];
        try (source) {
            int n;
            while ((n = source.read(buffer)) >= 0) {
                sink.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // The pipe was closed under us (process gone): what was read is kept, there is nothing more to copy.
        }
    }
}
