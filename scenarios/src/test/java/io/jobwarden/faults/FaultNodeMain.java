package io.jobwarden.faults;

import ch.qos.logback.classic.Level;
import io.jobwarden.api.Task;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
import io.jobwarden.redis.RedisFireGuard;
import io.jobwarden.runner.Runners;
import io.jobwarden.server.InstanceLock;
import io.jobwarden.store.JdbcJobStore;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * One node of a fault trial as its own JVM, so that it can be paused, and its connections killed, alone. Arguments
 * are {@code key=value}: the store ({@code url user password prefix}; the url carries the node's
 * {@code ApplicationName}), the node ({@code name dir lease poll}) and the plan ({@link FaultPlan#toArgs()}); optionally
 * {@code clockOffsetMs} (this node's clock runs ahead), {@code redis} (runs guarded by Redis fire locks there) and a
 * JDBC fault ({@link FaultyJdbcDriver.Fault}).
 *
 * <p>Each task writes its effects to this node's file ({@link Effect}) while it works; under
 * {@code ignoreInterrupt=true} it goes on working through a cancel, as a badly written task does; otherwise it checks
 * {@code ctx.isCancelled()} and its interrupt before each effect.
 *
 * <p>Takes the instance lock of its name first, as a server does, and exits 2 printing {@code REFUSED <why>} when
 * another live process holds it. Prints {@code READY <nodeId>}; stops gracefully when its standard input closes.
 */
public final class FaultNodeMain {
    private FaultNodeMain() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        String name = args.get("name");
        Path effects = Path.of(args.get("dir")).resolve(name + Effect.FILE_SUFFIX);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.jobwarden.engine.RunRecorder"))
                .setLevel(Level.WARN);
        // One node name is one live process, decided by the operating system as a server decides it: a second
        // process of this name is refused at start, naming the first, before it touches the store.
        InstanceLock instance;
        try {
            instance = InstanceLock.acquire(
                    Path.of(args.get("dir")).resolve(name + "-data"), InstanceLock.INSTANCE, "fault node");
        } catch (InstanceLock.HeldElsewhere e) {
            System.out.println("REFUSED " + e.getMessage());
            System.out.flush();
            System.exit(2);
            return;
        }
        FaultyJdbcDriver.install(FaultyJdbcDriver.Fault.fromArgs(args));
        // A node whose clock runs ahead of the others' (and the database's) by clockOffsetMs.
        Clock clock = Clock.offset(
                Clock.systemUTC(), Duration.ofMillis(Long.parseLong(args.getOrDefault("clockOffsetMs", "0"))));
        FaultPlan plan = FaultPlan.fromArgs(args);
        Duration lease = Duration.ofMillis(Long.parseLong(args.get("lease")));
        // The store's JDBC timeouts follow the lease, as a server's do.
        JdbcJobStore store = JobStores.open(
                args.get("url"),
                args.get("user"),
                args.get("password"),
                StoreOptions.defaults()
                        .withTablePrefix(args.get("prefix"))
                        .withMaxPoolSize(4)
                        .withClock(clock)
                        .withLease(lease));
        Task task = ctx -> {
            long until = System.nanoTime() + plan.workMsOf(ctx.jobId()) * 1_000_000L;
            while (true) {
                // A well-behaved task asks before each effect whether it still may act; the interrupt-ignoring
                // one does not. The moment of asking is recorded with the effect.
                long checked = Effect.nowMicros();
                if (!plan.ignoreInterrupt() && (ctx.isCancelled() || Thread.interrupted()))
                    throw new InterruptedException();
                Effect.of(ctx, name, checked).appendTo(effects);
                long left = until - System.nanoTime();
                if (left <= 0) return;
                try {
                    Thread.sleep(Math.min(Effect.STEP_MS, Math.max(1, left / 1_000_000L)));
                } catch (InterruptedException e) {
                    if (!plan.ignoreInterrupt()) throw e;
                }
            }
        };
        RedisFireGuard guard = args.containsKey("redis")
                ? RedisFireGuard.builder(args.get("redis"), name)
                        .keyPrefix(args.get("prefix") + ":")
                        .build()
                : null;
        JobwardenBuilder builder = Jobwarden.builder(store)
                .clock(clock)
                .nodeName(name)
                .threads(8)
                .lease(lease)
                .pollInterval(Duration.ofMillis(Long.parseLong(args.get("poll"))))
                .misfireThreshold(Duration.ofMinutes(5))
                .shutdownTimeout(Duration.ofSeconds(20))
                .runners(Runners.defaults(Path.of(args.get("dir")).resolve("plugins")));
        plan.specs().forEach(spec -> builder.task(spec, task));
        if (guard != null) builder.fireGuard(guard, lease);
        Jobwarden engine = builder.start();
        // JDBC faults count from the later of this moment and the burst's time.
        FaultyJdbcDriver.arm(Math.max(System.currentTimeMillis(), plan.at().toEpochMilli()));
        System.out.println("READY " + engine.node().nodeId());
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // nothing is ever sent; only the end of the stream matters
            }
        } catch (IOException e) {
            // a broken pipe means the same as a closed one
        }
        engine.stop();
        if (guard != null) guard.close();
        store.close();
        instance.close();
        Files.writeString(Path.of(args.get("dir")).resolve(name + ".stopped"), "");
        System.out.println("STOPPED");
        System.exit(0);
    }
}
