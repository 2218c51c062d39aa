package io.jobwarden.server;

import io.jobwarden.server.http.ApiServer;
import java.util.concurrent.CountDownLatch;

/**
 * {@link ApiServer#prepare()} on a thread of its own, while the worker's main thread opens the store and starts the
 * engine: the machine's other core makes Javalin and Jetty (bench/FOOTPRINT.md, round five), and then starts them
 * ahead, all but the listening socket (round eight). The server listens only once the engine runs and its routes are
 * in, so {@code /health} answers UP as soon as it answers at all, as before.
 */
final class HttpPreparation {
    private final ApiServer api;
    private final Runnable startAhead;
    private final Thread thread;
    private final CountDownLatch prepared = new CountDownLatch(1);
    // Written by the preparing thread before the latch opens; read after await() on it, which orders the two.
    private RuntimeException failure;
    private Error error;

    private HttpPreparation(ApiServer api) {
        this.api = api;
        this.startAhead = api.willStartAhead();
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
        } finally {
            prepared.countDown();
        }
        // Blocks until the worker's start lets the server listen, or its failure gives the server up (ApiServer#stop).
        if (failure == null && error == null) startAhead.run();
    }

    /**
     * Waits for the preparation; rethrows what it threw (an {@link io.jobwarden.server.http.HttpStartupException}).
     * The server's start itself ends in {@link ApiServer#start}.
     */
    void await() {
        awaitPrepared();
        if (error != null) throw error;
        if (failure != null) throw failure;
    }

    /**
     * For a failed worker start: waits for the preparation whatever its outcome, before {@code stop} lets go of what
     * it made, then has {@code stop} give the server up and waits for the preparing thread to end.
     */
    void abandon(Runnable stop) {
        awaitPrepared();
        stop.run();
        Uninterruptibly.join(thread);
    }

    private void awaitPrepared() {
        Uninterruptibly.await(prepared);
    }
}
