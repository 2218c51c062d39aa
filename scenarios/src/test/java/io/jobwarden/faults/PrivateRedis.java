package io.jobwarden.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A redis-server of the test's own, a child of this JVM on a free port without persistence, so that it can be
 * restarted (all its keys gone, as after a crash) under running nodes without touching the machine's shared Redis.
 */
final class PrivateRedis extends PrivateServer {
    private Process process;

    PrivateRedis() {
        super("redis");
        start();
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    private void start() {
        try {
            process = new ProcessBuilder(List.of(
                            "redis-server",
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("server.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IllegalStateException("private redis-server on port " + port + " did not come up");
    }

    private void stop() {
        kill(process, "private redis-server on port " + port);
    }

    /** Killed (its locks gone with it), down for a while, then an empty server on the same port. */
    @Override
    void restart(long downMillis) {
        stop();
        sleep(downMillis);
        start();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteDir();
        }
    }
}
