package io.jobwarden.platform;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a body in the foreground for service managers that manage the process itself (systemd, launchd):
 * they start it, send SIGTERM to stop it and restart it when it exits. SIGTERM reaches us as a JVM shutdown,
 * during which the body gets its graceful stop.
 */
public final class ForegroundServiceHost {
    private static final Logger LOG = LoggerFactory.getLogger(ForegroundServiceHost.class);

    private final ServiceBody body;
    private final Duration drainTimeout;
    private final Duration stopMargin;
    private final CountDownLatch ended = new CountDownLatch(1);

    public ForegroundServiceHost(ServiceBody body, Duration drainTimeout, Duration stopMargin) {
        this.body = body;
        this.drainTimeout = drainTimeout;
        this.stopMargin = stopMargin;
    }

    /** Runs until the body ends; returns its exit code. */
    public int run() throws Exception {
        Thread hook = new Thread(this::stopOnShutdown, "service-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            body.start((what, within) -> LOG.info("starting: {}", what));
            OptionalInt code;
            do {
                code = body.awaitExit(Duration.ofMinutes(1));
            } while (code.isEmpty());
            return code.getAsInt();
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or ran; nothing to remove
            }
        }
    }

    private void stopOnShutdown() {
        if (ended.getCount() == 0) return;
        LOG.info("stop requested by the service manager; draining for up to {} s", drainTimeout.toSeconds());
        body.requestStop(drainTimeout);
        try {
            if (body.awaitExit(drainTimeout.plus(stopMargin)).isEmpty()) LOG.error("the service did not stop in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
