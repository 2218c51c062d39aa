package io.jobwarden.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the private servers of the fault scenarios share: a temporary directory of their own, a free port, and
 * commands run to completion with their output kept for the error message. A private server is started, restarted
 * and stopped by the test alone; the machine's shared servers are never touched.
 */
abstract class PrivateServer implements AutoCloseable {
    final Path dir;
    final int port;

    PrivateServer(String name) {
        try {
            this.dir = Files.createTempDirectory("jw-faults-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = freePort();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs {@code command} to its end (at most two minutes); fails naming it and its output unless it exits 0. */
    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0)
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + text);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * SIGKILL of a child of this JVM, by its process handle, never by a pid looked up: a crash, with every session
     * and lock of the server gone at once.
     */
    static void kill(Process process, String what) {
        if (process == null || !process.isAlive()) return;
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException(what + " outlived SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server for {@code downMillis}, then starts it again on the same port with the same data. */
    abstract void restart(long downMillis);

    void deleteDir() {
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> paths =
                    new ArrayList<>(all.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary directory left behind is no reason to fail a test
        }
    }
}
