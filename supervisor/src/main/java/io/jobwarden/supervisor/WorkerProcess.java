package io.jobwarden.supervisor;

import static io.jobwarden.supervisor.LinkProtocol.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The supervisor's side of one running worker: the child process, the link it connects back on, and the pump that
 * copies its output into the log and a ring of recent lines.
 */
final class WorkerProcess {
    private static final int HELLO_TIMEOUT_MS = 5_000;
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Duration PUMP_DRAIN_WAIT = Duration.ofSeconds(2);

    private final Process process;
    private final Instant startedAt;
    private final ServerSocket linkServer;
    private final byte[] token;
    private final Supplier<SupervisorStatus> status;
    private final Runnable onChange;
    private final OutputRing recentOutput = new OutputRing(OutputRing.DEFAULT_LINES);
    private final List<String> dumpLines = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch dumpComplete = new CountDownLatch(1);
    private final Thread pump;
    private final Thread link;
    private volatile long lastBeatNanos = System.nanoTime();
    private volatile boolean connected;
    private volatile boolean startDone;
    private volatile boolean stoppingOnPurpose;
    private Writer toWorker; // guarded by this
    /** A reload asked for before the worker said its start is done, to be sent once it does; guarded by this. */
    private boolean reloadHeld;

    private WorkerProcess(
            Process process,
            Instant startedAt,
            ServerSocket linkServer,
            byte[] token,
            Supplier<SupervisorStatus> status,
            Runnable onChange) {
        this.process = process;
        this.startedAt = startedAt;
        this.linkServer = linkServer;
        this.token = token;
        this.status = status;
        this.onChange = onChange;
        this.pump = daemon("worker-output-" + process.pid(), this::pumpOutput);
        this.link = daemon("worker-link-" + process.pid(), this::serveLink);
        link.start();
        process.onExit().thenRun(onChange);
    }

    /**
     * Starts the worker with the link's address, a fresh token and the supervisor's status in its environment, and
     * serves its link at once: its connection is accepted and its messages answered. Its output stays in the pipe
     * until {@link #relayOutput()}; until then nothing here logs (the link's rejection of an impostor aside).
     *
     * @param onChange called when the worker connects, says its start is done, or exits, to wake the watching thread
     */
    static WorkerProcess start(
            SupervisorSettings settings, Supplier<SupervisorStatus> status, Runnable onChange, Instant now)
            throws IOException {
        SpawnedWorker spawned = SpawnedWorker.start(settings, status.get(), now);
        return new WorkerProcess(
                spawned.process(), spawned.startedAt(), spawned.linkServer(), spawned.token(), status, onChange);
    }

    long pid() {
        return process.pid();
    }

    Instant startedAt() {
        return startedAt;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    boolean connected() {
        return connected;
    }

    /** True once the worker said on the link that its start is done. */
    boolean startDone() {
        return startDone;
    }

    /** Starts copying the worker's output into the log and the ring of recent lines; once is enough. */
    synchronized void relayOutput() {
        if (pump.getState() == Thread.State.NEW) pump.start();
    }

    /** True once the worker said on the link that its coming exit is deliberate. */
    boolean stoppingOnPurpose() {
        return stoppingOnPurpose;
    }

    /**
     * After the worker exited: waits up to {@code max} for the link to be read to its end, so that a STOPPING the
     * worker sent just before it exited (a config file it refused at once, say) is seen before its exit is judged.
     */
    void awaitLinkDrained(Duration max) {
        if (!connected) return;
        try {
            link.join(Math.max(1, max.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Time since the last heartbeat, or since the start while the worker has not sent one. */
    Duration silence() {
        return Duration.ofNanos(System.nanoTime() - lastBeatNanos);
    }

    /** Asks for a graceful stop: over the link, or by SIGTERM while the worker has not connected yet. */
    void requestStop() {
        if (!send(STOP)) process.destroy();
    }

    /**
     * Asks the worker to reload its config; one still starting is asked once it says its start is done, as only then
     * has it a running host to reload (and its start may have read the file before the change). False when the link
     * is gone.
     */
    synchronized boolean requestReload() {
        if (!startDone) {
            reloadHeld = true;
            return true;
        }
        return send(RELOAD);
    }

    /** Asks the (silent) worker for a thread dump and waits up to {@code wait} for it: a frozen JVM cannot answer. */
    void requestThreadDump(Duration wait) {
        if (!send(DUMP)) return;
        try {
            dumpComplete.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the worker sent of a requested thread dump; empty if none was requested or it did not answer. */
    List<String> threadDump() {
        synchronized (dumpLines) {
            return List.copyOf(dumpLines);
        }
    }

    /** @return true if the worker exited within {@code timeout} */
    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /** Kills the worker and every process below it, the way a hung worker must go: without asking. */
    void killTree() {
        List<ProcessHandle> below = descendants();
        // The worker first, so it cannot start new children while its current ones die.
        process.destroyForcibly();
        below.forEach(ProcessHandle::destroyForcibly);
        awaitExit(KILL_WAIT);
    }

    /** The last lines the worker printed; after its exit, waits briefly for the pipe to drain. */
    List<String> recentOutput() {
        if (!process.isAlive()) {
            try {
                pump.join(PUMP_DRAIN_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return recentOutput.lines();
    }

    void closeLink() {
        try {
            linkServer.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        synchronized (this) {
            if (toWorker != null) {
                try {
                    toWorker.close();
                } catch (IOException ignored) {
                    // the worker is gone already
                }
            }
        }
    }

    private void pumpOutput() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
            Logger output = LoggerFactory.getLogger(WorkerOutput.LOGGER);
            Level level = Level.INFO;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                recentOutput.add(line);
                level = WorkerOutput.levelOf(line, level);
                output.atLevel(level).log("{}", line);
            }
        } catch (IOException pipeClosed) {
            // the worker is gone; its exit is handled by the supervisor
        }
    }

    private void serveLink() {
        try (linkServer) {
            while (!connected) {
                Socket socket = linkServer.accept();
                BufferedReader in = admit(socket);
                if (in == null) {
                    socket.close();
                    continue;
                }
                linkServer.close();
                try (socket) {
                    readMessages(in);
                }
            }
        } catch (IOException closed) {
            // closed by closeLink(), or the worker went away; its exit is handled by the supervisor
        }
    }

    /** Reads the worker's HELLO; returns the reader to continue with, or null for an impostor or a mute peer. */
    private BufferedReader admit(Socket socket) throws IOException {
        socket.setSoTimeout(HELLO_TIMEOUT_MS);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String hello;
        try {
            hello = in.readLine();
        } catch (IOException mute) {
            return null;
        }
        String[] parts = hello == null ? new String[0] : hello.split(" ");
        if (parts.length < 2
                || !parts[0].equals(HELLO)
                || !MessageDigest.isEqual(parts[1].getBytes(StandardCharsets.US_ASCII), token)) {
            log().warn("Rejected a connection to the worker link that did not present the worker's token");
            return null;
        }
        socket.setSoTimeout(0);
        socket.setTcpNoDelay(true);
        synchronized (this) {
            toWorker = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
        }
        lastBeatNanos = System.nanoTime();
        connected = true;
        onChange.run();
        return in;
    }

    private void readMessages(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals(BEAT)) {
                lastBeatNanos = System.nanoTime();
                send(LinkProtocol.statusLine(status.get()));
            } else if (line.equals(UP)) {
                synchronized (this) {
                    startDone = true;
                    if (reloadHeld) send(RELOAD);
                    reloadHeld = false;
                }
                onChange.run();
            } else if (line.equals(STOPPING)) {
                // Logged with the exit it announces (Supervisor#run): it may come before the supervisor's logging.
                stoppingOnPurpose = true;
            } else if (line.startsWith(DUMP_LINE)) {
                dumpLines.add(line.substring(DUMP_LINE.length()));
            } else if (line.equals(DUMP_END)) {
                dumpComplete.countDown();
            } else {
                log().debug("Ignored an unknown message from worker pid {}: {}", pid(), line);
            }
        }
    }

    private synchronized boolean send(String line) {
        return toWorker != null && LinkProtocol.writeLine(toWorker, line);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Fetched when used, not when this class loads: a worker is served before the supervisor of {@code run} has set
     * up its logging, and the first logger would set up logback's bootstrap console first.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(Supervisor.class);
    }
}
