package io.jobwarden.faults;

import ch.qos.logback.classic.Level;
import io.jobwarden.api.Task;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
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
import org.slf4j.LoggerFactory;

/**
 * One node of a fault trial as its own JVM, so that it can be paused, and its connections killed, alone. Arguments
 * are {@code key=value}: the store ({@code url user password prefix}; the url carries the node's
 * {@code ApplicationName}), the node ({@code name dir lease poll}) and the plan ({@link FaultPlan#toArgs()}).
 *
 * <p>Each task writes its effects to this node's file ({@link Effect}) while it works; under
 * {@code ignoreInterrupt=true} it goes on working through a cancel, as a badly written task does; otherwise it checks
 * {@code ctx.isCancelled()} and its interrupt before each effect.
 *
 * <p>Prints {@code READY <nodeId>}; stops gracefully when its standard input closes.
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
        FaultPlan plan = FaultPlan.fromArgs(args);
        JdbcJobStore store = JobStores.open(
                args.get("url"),
                args.get("user"),
                args.get("password"),
                StoreOptions.defaults().withTablePrefix(args.get("prefix")).withMaxPoolSize(4));
        Task task = ctx -> {
            long until = System.nanoTime() + plan.workMsOf(ctx.jobId()) * 1_000_000L;
            while (true) {
                // A well-behaved task asks before each effect whether it still may act; the interrupt-ignoring
                // one does not.
                if (!plan.ignoreInterrupt() && (ctx.isCancelled() || Thread.interrupted()))
                    throw new InterruptedException();
                Effect.of(ctx, name).appendTo(effects);
                long left = until - System.nanoTime();
                if (left <= 0) return;
                try {
                    Thread.sleep(Math.min(Effect.STEP_MS, Math.max(1, left / 1_000_000L)));
                } catch (InterruptedException e) {
                    if (!plan.ignoreInterrupt()) throw e;
                }
            }
        };
        JobwardenBuilder builder = Jobwarden.builder(store)
                .nodeName(name)
                .threads(8)
                .lease(Duration.ofMillis(Long.parseLong(args.get("lease"))))
                .pollInterval(Duration.ofMillis(Long.parseLong(args.get("poll"))))
                .misfireThreshold(Duration.ofMinutes(5))
                .shutdownTimeout(Duration.ofSeconds(20))
                .runners(Runners.defaults(Path.of(args.get("dir")).resolve("plugins")));
        plan.specs().forEach(spec -> builder.task(spec, task));
        Jobwarden engine = builder.start();
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
        store.close();
        Files.writeString(Path.of(args.get("dir")).resolve(name + ".stopped"), "");
        System.out.println("STOPPED");
        System.exit(0);
    }
}
