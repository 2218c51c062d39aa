package io.jobwarden.bench.node;

import com.sun.management.OperatingSystemMXBean;
import io.jobwarden.bench.ledger.ExecutionLedger;
import io.jobwarden.bench.peer.Database;
import io.jobwarden.bench.peer.JobwardenContestant;
import io.jobwarden.bench.peer.SpreadCronJobs;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.store.JdbcJobStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Scenario 4's node: Jobwarden over a store already holding many cron jobs. Reports, as {@code METRIC name value}
 * lines: the time to open the store and start the engine, the heap left after a full GC, the CPU it used over an idle
 * minute, and how late one-shot probe jobs started (the time to plan, claim and dispatch one fire among all the rest).
 */
public final class ScaleNodeMain {
    private ScaleNodeMain() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) args.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        Database db = new Database(args.get("url"), null, null);
        Duration idle = Duration.ofSeconds(Long.parseLong(args.get("idleSeconds")));
        int probes = Integer.parseInt(args.get("probes"));
        ExecutionLedger ledger = new ExecutionLedger();
        try {
            long t0 = System.nanoTime();
            JdbcJobStore store = SpreadCronJobs.open(db, args.get("prefix"));
            Jobwarden engine = JobwardenContestant.builder(store, "scale-node", 10, Duration.ofSeconds(1), ledger)
                    .start();
            metric("start_ms", (System.nanoTime() - t0) / 1e6);

            System.gc();
            System.gc();
            metric(
                    "heap_mib",
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);

            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            Thread.sleep(idle.toMillis());
            metric("idle_cpu_pct", 100.0 * (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - wall0));

            for (int i = 1; i <= probes; i++) {
                Instant due = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
                engine.createJob(JobwardenContestant.oneShot("probe-" + i, due));
                NodeMain.say("PROBE " + ExecutionLedger.fireKey("probe-" + i, due));
                long deadline = System.currentTimeMillis() + 30_000;
                while (ledger.executions() < i && System.currentTimeMillis() < deadline) Thread.sleep(1);
            }
            engine.stop();
            store.close();
            ledger.snapshot().writeTo(Path.of(args.get("ledger")));
            NodeMain.say("DONE");
            System.exit(0);
        } catch (Throwable t) {
            NodeMain.say("FAILED " + t.toString().replace('\n', ' '));
            t.printStackTrace();
            System.exit(2);
        }
    }

    private static void metric(String name, double value) {
        NodeMain.say("METRIC " + name + " " + value);
    }
}
