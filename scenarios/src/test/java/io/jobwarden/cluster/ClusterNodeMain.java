package io.jobwarden.cluster;

import ch.qos.logback.classic.Level;
import io.jobwarden.api.Task;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
import io.jobwarden.redis.RedisFireGuard;
import io.jobwarden.runner.Runners;
import io.jobwarden.store.JdbcJobStore;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * One cluster node as its own JVM: a real engine on the shared store whose tasks write each execution to this node's
 * file (see {@link Execution}). Arguments are {@code key=value}: the store ({@code url user password prefix}), the
 * node ({@code name dir lease poll threads}, and {@code workMs}, how long each task
 * works after recording its execution), the jobs ({@link JobSet#toArgs()}), and optionally {@code redis} with
 * {@code redisPrefix} and {@code guardTtl} for Redis fire locks, which each task then checks it holds.
 *
 * <p>Prints {@code READY <nodeId>} once scheduling. Stops gracefully when its standard input closes (so it also ends
 * when the test JVM dies) or when {@code <dir>/<name>.stop} appears; prints {@code STOPPED} and exits 0.
 */
public final class ClusterNodeMain {
    static final Duration LEASE = Duration.ofSeconds(3);
    /**
     * For the burst tests, which prove exactly-once under load and not what a lease does (the membership, crash and
     * fault tests do that, with {@link #LEASE}). A node fences itself once its scheduling thread has not begun a
     * renewal for three quarters of a lease; with 3 s, one JDBC call stalled past 1.25 s on a loaded two-core CI
     * machine (two databases, two other nodes, the rest of the test run) was enough, and the node handed its claimed fires
     * back (recorded CANCELLED, "not started", then run once all the same): correct, but not the history these tests
     * check. With 10 s the stall would have to last over 4 s.
     */
    static final String BURST_LEASE = "lease=10000";

    static final Duration POLL = Duration.ofMillis(200);

    private ClusterNodeMain() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        String name = args.get("name");
        Path dir = Path.of(args.get("dir"));
        Path executions = dir.resolve(name + Execution.FILE_SUFFIX);
        Path stopFile = dir.resolve(name + ".stop");
        System.setProperty(RecordingTask.FILE_PROPERTY, executions.toString());
        System.setProperty(RecordingTask.NODE_PROPERTY, name);
        // Ten thousand runs a node would otherwise log a line each; the executions file is the record here.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.jobwarden.engine.RunRecorder"))
                .setLevel(Level.WARN);

        JdbcJobStore store = JobStores.open(
                args.get("url"),
                args.get("user"),
                args.get("password"),
                StoreOptions.defaults().withTablePrefix(args.get("prefix")).withMaxPoolSize(4));
        long workMs = Long.parseLong(args.getOrDefault("workMs", "0"));
        RedisFireGuard guard = null;
        FireLockCheck lockCheck = null;
        if (args.containsKey("redis")) {
            guard = RedisFireGuard.builder(args.get("redis"), name)
                    .keyPrefix(args.get("redisPrefix"))
                    .build();
            lockCheck = new FireLockCheck(args.get("redis"), guard);
        }
        FireLockCheck check = lockCheck;
        // The effect first, then the work: a kill during the work leaves an effect whose run the store never saw end.
        Task task = ctx -> {
            if (check != null) check.assertHeld(ctx);
            Execution.of(ctx, name).appendTo(executions);
            if (workMs > 0) Thread.sleep(workMs);
        };
        JobwardenBuilder builder = Jobwarden.builder(store)
                .nodeName(name)
                .threads(Integer.parseInt(args.getOrDefault("threads", "10")))
                .lease(Duration.ofMillis(Long.parseLong(args.getOrDefault("lease", String.valueOf(LEASE.toMillis())))))
                .pollInterval(
                        Duration.ofMillis(Long.parseLong(args.getOrDefault("poll", String.valueOf(POLL.toMillis())))))
                .misfireThreshold(Duration.ofMinutes(5))
                .shutdownTimeout(Duration.ofSeconds(10))
                .runners(Runners.defaults(dir.resolve("plugins")));
        for (JobSpec spec : JobSet.fromArgs(args).specs()) builder.task(spec, task);
        if (guard != null)
            builder.fireGuard(guard, Duration.ofMillis(Long.parseLong(args.getOrDefault("guardTtl", "3000"))));

        Jobwarden engine = builder.start();
        System.out.println("READY " + engine.node().nodeId());
        System.out.flush();
        awaitStop(stopFile);
        engine.stop();
        if (guard != null) guard.close();
        if (check != null) check.close();
        store.close();
        System.out.println("STOPPED");
        System.out.flush();
        System.exit(0);
    }

    private static void awaitStop(Path stopFile) throws InterruptedException {
        CountDownLatch stdinClosed = new CountDownLatch(1);
        Thread reader = new Thread(
                () -> {
                    try {
                        while (System.in.read() >= 0) {
                            // nothing is ever sent; only the end of the stream matters
                        }
                    } catch (IOException e) {
                        // a broken pipe means the same as a closed one
                    }
                    stdinClosed.countDown();
                },
                "stdin-watch");
        reader.setDaemon(true);
        reader.start();
        while (!stdinClosed.await(100, TimeUnit.MILLISECONDS)) {
            if (Files.exists(stopFile)) return;
        }
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> out = new HashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("expected key=value, got '" + a + "'");
            out.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return out;
    }
}
