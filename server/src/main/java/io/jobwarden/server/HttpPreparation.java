package io.jobwarden.server;

import io.jobwarden.server.http.ApiServer;

/**
 * {@link ApiServer#prepare()} on a thread of its own, while the worker's main thread opens the store and starts the
 * engine: the machine's other core makes Javalin and Jetty (bench/FOOTPRINT.md, round five). The server listens only
 * once the engine runs, so {@code /health} answers UP as soon as it answers at all, as before.
 */
final class HttpPreparation {
    private final ApiServer api;
    private final Thread thread;
    // Written by the preparing thread before it ends; read after join(), which orders the two.
    private RuntimeException failure;
    private Error error;

    private HttpPreparation(ApiServer api) {
        this.api = api;
        this.thread = new Thread(this::prepare, "http-prepare");
        thread.setDaemon(true);
    }

    static HttpPreparation begin(ApiServer api) {
        HttpPreparation preparation = new HttpPreparation(api);
        preparation.thread.start();
        return preparation;
    }

    private void prepare() {
        try {
            api.prepare();
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            error = e;
        }
    }

    /** Waits for the preparation; rethrows what it threw (an {@link io.jobwarden.server.http.HttpStartupException}). */
    void await() {
        awaitQuietly();
        if (error != null) throw error;
        if (failure != null) throw failure;
    }

    /** Waits for the preparation, whatever its outcome: before what it made is let go. */
    void awaitQuietly() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
