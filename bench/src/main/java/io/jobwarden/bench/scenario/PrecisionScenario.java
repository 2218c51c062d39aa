package io.jobwarden.bench.scenario;

import io.jobwarden.bench.ledger.ExactlyOnceCheck;
import io.jobwarden.bench.ledger.ExecutionLedger;
import io.jobwarden.bench.ledger.LedgerSnapshot;
import io.jobwarden.bench.node.JobIds;
import io.jobwarden.bench.node.NodeMain;
import io.jobwarden.bench.node.NodeProcess;
import io.jobwarden.bench.peer.Contestant;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 3: jobs firing every second, measured over a window of scheduled time after a warm-up. Lateness is a
 * run's start minus its scheduled instant, as the task itself sees it; every job must run exactly once for every
 * second of the window.
 */
public final class PrecisionScenario {
    private final Path workDir;
    private final Duration warmUp;
    private final Duration window;

    public PrecisionScenario(Path workDir, Duration warmUp, Duration window) {
        this.workDir = workDir;
        this.warmUp = warmUp;
        this.window = window;
    }

    /** Lateness in milliseconds (microsecond resolution) over the window, and the exactly-once verdict. */
    public record Outcome(
            double p50Millis, double p99Millis, double maxMillis, ExactlyOnceCheck check, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    public Outcome run(Contestant contestant, int jobs, String tag) {
        contestant.reset();
        List<String> ids = JobIds.of(jobs);
        Path ledger = workDir.resolve(tag + ".ledger");
        List<String> args = new ArrayList<>(contestant.target().toArgs());
        args.add("node=" + tag);
        args.add("ledger=" + ledger);
        args.add("everySecond=" + jobs);
        List<String> problems = new ArrayList<>();
        try (NodeProcess node = NodeProcess.launch(
                tag,
                BurstScenario.nodeJvm(contestant),
                NodeMain.class.getName(),
                args,
                workDir.resolve(tag + ".log"))) {
            node.await("READY", Duration.ofMinutes(5));
            node.send("GO");
            long started = Long.parseLong(node.await("STARTED", Duration.ofMinutes(5)));
            long from = (started + warmUp.toMillis() + 999) / 1000 * 1000;
            long to = from + window.toMillis();
            BurstScenario.sleep(Duration.ofMillis(Math.max(0, to - System.currentTimeMillis()) + 3_000));
            node.send("STOP");
            node.await("DONE", Duration.ofMinutes(2));

            LedgerSnapshot seen = LedgerSnapshot.readFrom(ledger);
            List<String> expected = new ArrayList<>();
            for (String id : ids) {
                for (long t = from; t < to; t += 1000)
                    expected.add(ExecutionLedger.fireKey(id, Instant.ofEpochMilli(t)));
            }
            ExactlyOnceCheck check = ExactlyOnceCheck.of(expected, seen, fire -> inWindow(fire, from, to));
            if (!check.passed()) problems.add(check.verdict());
            Percentiles late = new Percentiles(seen.latenessMicros(from, to));
            if (late.isEmpty()) return new Outcome(Double.NaN, Double.NaN, Double.NaN, check, problems);
            return new Outcome(late.at(50) / 1000.0, late.at(99) / 1000.0, late.max() / 1000.0, check, problems);
        }
    }

    private static boolean inWindow(String fireKey, long from, long to) {
        long at = Long.parseLong(fireKey.substring(fireKey.lastIndexOf('@') + 1));
        return at >= from && at < to;
    }
}
