package io.jobwarden.supervisor;

import static io.jobwarden.supervisor.LinkProtocol.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's end of the supervisor link: heartbeats out; stop requests, thread-dump requests and the
 * supervisor's status in. If the supervisor goes away (killed, even with SIGKILL) the worker exits by itself
 * within a few seconds, so a restarted supervisor never finds an orphan still running jobs.
 *
 * <p>Beats must prove the worker is alive, not just its JVM: call {@link #beat()} from the scheduling loop, or
 * {@link #startBeating(BooleanSupplier)} with a check that the loop has made progress lately.
 */
public final class WorkerLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerLink.class);
    /** How long the worker's shutdown hooks may run after the supervisor vanished, before the JVM halts. */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(3);

    static final int EXIT_SUPERVISOR_LOST = 2;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final Writer toSupervisor;
    private final Duration heartbeatInterval;
    private final long supervisorPid;
    private volatile SupervisorStatus status;
    private volatile Runnable stopAction = () -> System.exit(0);
    private volatile Runnable reloadAction = () -> log.warn("The supervisor asked for a reload; this worker cannot");
    private volatile boolean closed;
    private volatile boolean lost;
    private volatile long lastBeatNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

    private WorkerLink(Socket socket, Duration heartbeatTimeout, long supervisorPid, SupervisorStatus status)
            throws IOException {
        this.socket = socket;
        this.toSupervisor = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
        this.heartbeatInterval = heartbeatTimeout.dividedBy(4);
        this.supervisorPid = supervisorPid;
        this.status = status;
    }

    /**
     * Connects to the supervisor named in this process's environment.
     *
     * @return empty when the process runs without a supervisor ({@code --no-supervisor}, tests, embedding)
     * @throws UncheckedIOException if a supervisor started this process but cannot be reached: it is gone, and
     *                              the worker should exit
     */
    public static Optional<WorkerLink> connectFromEnvironment() {
        return connect(System.getenv());
    }

    static Optional<WorkerLink> connect(Map<String, String> env) {
        String port = env.get(ENV_PORT);
        if (port == null) return Optional.empty();
        Socket socket = new Socket();
        try {
            socket.connect(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port)),
                    CONNECT_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            WorkerLink link = new WorkerLink(
                    socket,
                    Duration.ofMillis(Long.parseLong(env.getOrDefault(ENV_HEARTBEAT_TIMEOUT_MS, "30000"))),
                    Long.parseLong(env.getOrDefault(ENV_PID, "-1")),
                    new SupervisorStatus(
                            Integer.parseInt(env.getOrDefault(ENV_RESTARTS, "0")),
                            Boolean.parseBoolean(env.get(ENV_CRASH_LOOP)),
                            env.get(ENV_LAST_CAUSE)));
            link.send(HELLO + " " + env.get(ENV_TOKEN) + " "
                    + ProcessHandle.current().pid());
            Thread reader = new Thread(link::readMessages, "supervisor-link");
            reader.setDaemon(true);
            reader.start();
            return Optional.of(link);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(
                    "the supervisor that started this worker cannot be reached on port " + port, e);
        }
    }

    /**
     * Tells the supervisor the worker is alive. Cheap enough for every turn of a loop: beats closer together
     * than half the beat interval are not sent.
     */
    public void beat() {
        long now = System.nanoTime();
        if (now - lastBeatNanos < heartbeatInterval.toNanos() / 2) return;
        lastBeatNanos = now;
        if (!send(BEAT)) supervisorLost("a heartbeat could not be sent");
    }

    /**
     * Beats from a daemon thread every quarter of the heartbeat timeout, while {@code alive} says the worker
     * is making progress. With {@code () -> true} the beats only prove that the JVM runs.
     */
    public WorkerLink startBeating(BooleanSupplier alive) {
        Thread beater = new Thread(
                () -> {
                    while (!closed && !lost) {
                        if (supervisorPid > 0
                                && !ProcessHandle.of(supervisorPid)
                                        .map(ProcessHandle::isAlive)
                                        .orElse(false)) {
                            supervisorLost("its process " + supervisorPid + " is gone");
                        } else if (alive.getAsBoolean()) {
                            beat();
                        }
                        try {
                            Thread.sleep(heartbeatInterval.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "supervisor-heartbeat");
        beater.setDaemon(true);
        beater.start();
        return this;
    }

    /**
     * What to do when the supervisor asks for a graceful stop; it runs on a thread of its own. The default,
     * {@code System.exit(0)}, stops through the JVM's shutdown hooks. The worker must end within the supervisor's
     * shutdown timeout, and should exit with code 0.
     */
    public WorkerLink onStopRequest(Runnable action) {
        stopAction = action;
        return this;
    }

    /**
     * What to do when the supervisor passes on a reload request (SIGHUP); it runs on a thread of its own. The
     * supervisor holds reloads until this worker says its start is done ({@link #started()}): set this before.
     */
    public WorkerLink onReloadRequest(Runnable action) {
        reloadAction = action;
        return this;
    }

    /** Announces that the worker is about to exit on purpose (with any code): the supervisor will not restart it. */
    public void stoppingOnPurpose() {
        send(STOPPING);
    }

    /**
     * Tells the supervisor this worker's start is done. A supervisor still starting itself waits for it before it
     * sets up its own logging, so as not to take a core from this start (Supervisor#run(Duration, Runnable)). A lost
     * message costs nothing but that: the supervisor stops waiting after a while, and a gone one is found by the
     * next beat.
     */
    public void started() {
        send(UP);
    }

    /** The supervisor's restart history, as of the last heartbeat answered. */
    public SupervisorStatus supervisorStatus() {
        return status;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** Closes the link; the supervisor will then see no beats. For the very end of a worker's life. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(socket);
    }

    private void readMessages() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(STATUS)) {
                    status = LinkProtocol.parseStatus(line);
                } else if (line.equals(STOP)) {
                    log.info("The supervisor asked this worker to stop");
                    new Thread(stopAction, "supervisor-stop-request").start();
                } else if (line.equals(RELOAD)) {
                    new Thread(reloadAction, "supervisor-reload-request").start();
                } else if (line.equals(DUMP)) {
                    sendThreadDump();
                }
            }
            supervisorLost("it closed the link");
        } catch (IOException e) {
            supervisorLost("the link failed: " + e.getMessage());
        }
    }

    private void sendThreadDump() {
        StringBuilder dump = new StringBuilder();
        for (String line : CrashReport.threadDump())
            dump.append(DUMP_LINE).append(line).append('\n');
        send(dump.append(DUMP_END).toString());
    }

    private synchronized boolean send(String line) {
        return LinkProtocol.writeLine(toSupervisor, line);
    }

    private void supervisorLost(String why) {
        if (closed || lost) return;
        synchronized (this) {
            if (lost) return;
            lost = true;
        }
        log.error("The supervisor is gone ({}); this worker exits so that it does not run unsupervised", why);
        Thread halt = new Thread(
                () -> {
                    try {
                        Thread.sleep(ORPHAN_GRACE.toMillis());
                    } catch (InterruptedException ignored) {
                        // halt now
                    }
                    Runtime.getRuntime().halt(EXIT_SUPERVISOR_LOST);
                },
                "supervisor-lost-halt");
        halt.setDaemon(true);
        halt.start();
        new Thread(() -> System.exit(EXIT_SUPERVISOR_LOST), "supervisor-lost-exit").start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
