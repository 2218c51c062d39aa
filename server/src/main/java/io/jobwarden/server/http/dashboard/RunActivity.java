package io.jobwarden.server.http.dashboard;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs per minute and failures among them over a window of whole minutes ending with the current one, and how late
 * first attempts started. A run counts in the minute it started (or was due, when it never started). Lateness is
 * measured on first attempts only: a retry's fire instant is its original fire's, so its delay is the backoff.
 */
public final class RunActivity {
    static final Set<RunState> FAILURES = EnumSet.of(RunState.FAILED, RunState.TIMED_OUT, RunState.ABANDONED);

    private final Instant from;
    private final Instant to;
    private final int[] runs;
    private final int[] failures;
    private final List<Long> latenessMs = new ArrayList<>();

    /** @param now the instant whose minute is the window's last; {@code minutes} whole minutes in all */
    public RunActivity(Instant now, int minutes) {
        if (minutes < 1) throw new IllegalArgumentException("minutes must be positive");
        this.to = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        this.from = to.minus(Duration.ofMinutes(minutes));
        this.runs = new int[minutes];
        this.failures = new int[minutes];
    }

    public void add(RunRecord run) {
        Instant at = start(run);
        if (at.isBefore(from) || !at.isBefore(to)) return;
        int minute = (int) Duration.between(from, at).toMinutes();
        runs[minute]++;
        if (FAILURES.contains(run.state())) failures[minute]++;
        if (run.attempt() == 1 && run.startedAt() != null) {
            latenessMs.add(
                    Math.max(0, Duration.between(run.fireAt(), run.startedAt()).toMillis()));
        }
    }

    /** True when the run began before the window: history read newest first can stop there. */
    public boolean precedes(RunRecord run) {
        return start(run).isBefore(from);
    }

    /**
     * The JSON answer of {@code GET /api/stats}.
     *
     * @param complete false when the history was not read back to the window's start
     */
    public Map<String, Object> toJson(boolean complete) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("bucketSeconds", 60);
        out.put("complete", complete);
        out.put("runs", runs.clone());
        out.put("failures", failures.clone());
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("runs", Arrays.stream(runs).sum());
        totals.put("failures", Arrays.stream(failures).sum());
        out.put("totals", totals);
        out.put("lateness", lateness());
        return out;
    }

    private Map<String, Object> lateness() {
        List<Long> sorted = new ArrayList<>(latenessMs);
        Collections.sort(sorted);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("samples", sorted.size());
        out.put("p50Ms", percentile(sorted, 50));
        out.put("p95Ms", percentile(sorted, 95));
        out.put("maxMs", sorted.isEmpty() ? null : sorted.get(sorted.size() - 1));
        return out;
    }

    /** Nearest-rank percentile; null without samples. */
    static Long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return null;
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static Instant start(RunRecord run) {
        return run.startedAt() != null ? run.startedAt() : run.fireAt();
    }
}
