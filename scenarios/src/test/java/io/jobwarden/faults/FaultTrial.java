package io.jobwarden.faults;

import static org.awaitility.Awaitility.await;

import io.jobwarden.cluster.NodeProcess;
import io.jobwarden.cluster.SharedDatabase;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.store.JdbcJobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One trial: node processes on a database under a fresh table prefix, each connecting to PostgreSQL under an
 * {@code ApplicationName} of its own so that its connections alone can be killed (on MariaDB they are found by the
 * node's sockets). Logs and effect files stay under {@code target/faults/<prefix>}. Closing kills every node still
 * running and drops the tables.
 */
final class FaultTrial implements AutoCloseable {
    final SharedDatabase db;
    final FaultPlan plan;
    final String prefix = SharedDatabase.freshPrefix();
    final Path dir;
    final JdbcJobStore store;
    final Duration lease;
    private final List<NodeProcess> nodes = new ArrayList<>();

    FaultTrial(SharedDatabase db, FaultPlan plan, Duration lease) {
        this.db = db;
        this.plan = plan;
        this.lease = lease;
        this.dir = Path.of("target", "faults", prefix).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.store = db.open(prefix);
        plan.storeIn(store);
    }

    boolean postgres() {
        return db.url().startsWith("jdbc:postgresql:");
    }

    /** The name a node's connections carry in {@code pg_stat_activity}: unique to this trial. */
    String applicationName(String node) {
        return prefix + node;
    }

    List<NodeProcess> start(int count) {
        return start(count, i -> List.of());
    }

    /** Starts nodes {@code node-1..count}, node {@code i} with {@code extra.apply(i)} besides the common arguments. */
    List<NodeProcess> start(int count, IntFunction<List<String>> extra) {
        List<NodeProcess> started = new ArrayList<>();
        for (int i = 1; i <= count; i++) started.add(launch("node-" + i, extra.apply(i)));
        started.forEach(NodeProcess::awaitReady);
        return started;
    }

    /** Another process under a name already running: it must be refused. Not awaited. */
    NodeProcess launchDuplicate(NodeProcess of) {
        return launch(of.name, List.of(), of.name + "-duplicate");
    }

    private NodeProcess launch(String name, List<String> extra) {
        return launch(name, extra, name);
    }

    private NodeProcess launch(String name, List<String> extra, String logName) {
        String url = postgres()
                ? db.url() + (db.url().contains("?") ? "&" : "?") + "ApplicationName=" + applicationName(name)
                : db.url();
        List<String> args = new ArrayList<>(List.of(
                "url=" + url,
                "user=" + db.user(),
                "password=" + db.password(),
                "prefix=" + prefix,
                "lease=" + lease.toMillis(),
                "poll=200"));
        args.addAll(plan.toArgs());
        args.addAll(extra);
        NodeProcess node = NodeProcess.launch(FaultNodeMain.class, name, dir, args, logName);
        nodes.add(node);
        return node;
    }

    List<Effect> effects() {
        return Effect.readAll(dir);
    }

    /**
     * Waits (at most {@code atMost}) until every fire through {@code last} acted and reached an outcome, then pauses
     * the queued jobs and waits until nothing runs; returns what the trial did. A fire still missing is counted as
     * lost, not thrown: the caller reports the numbers of every trial.
     */
    FaultCheck settleAndCheck(Instant last, Duration atMost) {
        List<String> expected = plan.expectedFires(last);
        Set<String> queued = Set.copyOf(plan.queuedIds());
        try {
            await("every fire acted and reached an outcome")
                    .atMost(atMost)
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> FaultCheck.of(expected, effects(), runs(), queued)
                            .lost()
                            .isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // counted as lost below
        }
        plan.queuedIds().forEach(id -> store.setPaused(id, true, null));
        await("no run running")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> store.runningRuns().isEmpty());
        stopAll();
        return FaultCheck.of(expected, effects(), runs(), queued);
    }

    /** The whole run history. */
    List<RunRecord> runs() {
        List<RunRecord> all = new ArrayList<>();
        Long before = null;
        while (true) {
            List<RunRecord> page = store.recentRuns(1000, before);
            all.addAll(page);
            if (page.size() < 1000) break;
            before = page.get(page.size() - 1).runId();
        }
        Collections.reverse(all);
        return all;
    }

    /**
     * Sends {@code signal} to a node this trial started, and only after checking that its pid is alive and is a child
     * of this JVM: a wrong pid here would hit a process nobody meant to touch.
     */
    void signal(NodeProcess node, String signal) {
        long pid = node.pid();
        boolean ourChild = ProcessHandle.current().children().anyMatch(p -> p.pid() == pid && p.isAlive());
        if (!ourChild) throw new IllegalStateException("refusing to signal " + node + ": not a live child of this JVM");
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0)
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code node} is stopped (state T in {@code /proc/<pid>/stat}), as a SIGSTOP leaves it. */
    boolean stopped(NodeProcess node) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(node.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
        } catch (IOException e) {
            return false;
        }
    }

    /** Terminates every database connection of {@code node}; returns how many there were. */
    int terminateConnections(NodeProcess node) {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            if (postgres()) {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE application_name = '" + applicationName(node.name) + "'")) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
            // MariaDB shows no client names: the node's connections are the sessions on its own sockets' ports.
            Set<Integer> ports = NodeSockets.localPortsTo(node.pid(), serverPort());
            List<Long> ids = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT ID, HOST FROM information_schema.PROCESSLIST")) {
                while (rs.next()) {
                    String host = rs.getString(2);
                    int colon = host == null ? -1 : host.lastIndexOf(':');
                    if (colon > 0 && ports.contains(Integer.parseInt(host.substring(colon + 1))))
                        ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                try (PreparedStatement kill = c.prepareStatement("KILL CONNECTION " + id)) {
                    kill.execute();
                } catch (SQLException gone) {
                    // it ended meanwhile
                }
            }
            return ids.size();
        } catch (SQLException e) {
            throw new IllegalStateException("could not terminate the connections of " + node, e);
        }
    }

    private int serverPort() {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("//[^:/]+:(\\d+)").matcher(db.url());
        return m.find() ? Integer.parseInt(m.group(1)) : 3306;
    }

    void stopAll() {
        for (NodeProcess node : nodes) {
            if (node.isAlive()) node.stop();
        }
    }

    @Override
    public void close() {
        for (NodeProcess node : nodes) {
            if (node.isAlive()) node.kill();
        }
        try {
            store.close();
        } finally {
            db.dropTables(prefix);
        }
    }
}
