package io.jobwarden.server.http;

import io.jobwarden.server.Uninterruptibly;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Holds a connector's bind until the server's routes are in. Jetty starts its connectors after everything else, so a
 * server whose connector waits here has done all of its start but listening: a worker runs that on another thread
 * while its engine starts, and still listens only once the engine runs.
 *
 * <p>Given up (the worker's start failed before the engine ran), the connector binds an ephemeral loopback port
 * instead of its own and the server is stopped at once: its start then ends as a start, not as "Failed to start" and a
 * stack trace in the log of a worker that failed for another reason. That server has no route.
 */
final class ListenGate {
    private final CountDownLatch decided = new CountDownLatch(1);
    private volatile boolean abandoned;

    /** Lets the connector bind its own address. */
    void open() {
        decided.countDown();
    }

    /** Lets the connector through to a throwaway loopback port; after {@link #open()}, changes nothing. */
    void abandon() {
        if (decided.getCount() > 0) abandoned = true;
        decided.countDown();
    }

    boolean abandoned() {
        return abandoned;
    }

    /** A connector that binds only once this gate is decided. */
    ServerConnector connector(Server server, ConnectionFactory... factories) {
        return new Held(server, factories);
    }

    private final class Held extends ServerConnector {
        Held(Server server, ConnectionFactory... factories) {
            super(server, factories);
        }

        /** Jetty opens its connectors first of all, to find a port in use early; this one binds at its own start. */
        @Override
        public void open() throws IOException {
            if (decided.getCount() == 0) super.open();
        }

        @Override
        protected void doStart() throws Exception {
            Uninterruptibly.await(decided);
            if (abandoned) {
                setHost("127.0.0.1");
                setPort(0);
            }
            super.doStart();
        }
    }
}
