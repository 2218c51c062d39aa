package io.jobwarden.server.http.jobs;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.engine.spi.WaitingFire;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the API writes a run: a summary for listings (no output or stack trace, only {@code errorSummary}, the
 * error's first line), in full for {@code GET /api/runs/{runId}}.
 */
public final class RunView {
    private RunView() {}

    public static Map<String, Object> summary(RunRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", r.runId());
        out.put("jobId", r.jobId());
        out.put("fireAt", text(r.fireAt()));
        out.put("attempt", r.attempt());
        out.put("state", r.state().name());
        out.put("node", r.nodeId());
        out.put("startedAt", text(r.startedAt()));
        out.put("endedAt", text(r.endedAt()));
        out.put(
                "durationMs",
                r.startedAt() == null || r.endedAt() == null
                        ? null
                        : Duration.between(r.startedAt(), r.endedAt()).toMillis());
        out.put("exitCode", r.exitCode());
        out.put("note", r.note());
        out.put("errorSummary", firstLine(r.error()));
        return out;
    }

    /** A fire no run has taken yet, shaped like a run summary: state SCHEDULED, no run id, and when it is due. */
    public static Map<String, Object> waiting(WaitingFire w) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", null);
        out.put("jobId", w.jobId());
        out.put("fireAt", text(w.fireAt()));
        out.put("attempt", w.attempt());
        out.put("state", RunState.SCHEDULED.name());
        out.put("dueAt", text(w.dueAt()));
        out.put("paused", w.paused());
        out.put("node", null);
        out.put("startedAt", null);
        out.put("endedAt", null);
        out.put("durationMs", null);
        out.put("exitCode", null);
        out.put("note", w.note());
        out.put("errorSummary", null);
        return out;
    }

    /** How much of an error listings read from the store: enough for any first line worth showing. */
    public static final int SUMMARY_ERROR_CHARS = 500;

    static String firstLine(String error) {
        if (error == null || error.isBlank()) return null;
        String line = error.strip().lines().findFirst().orElse("").strip();
        return line.length() <= 300 ? line : line.substring(0, 297) + "...";
    }

    public static Map<String, Object> full(RunRecord r) {
        Map<String, Object> out = summary(r);
        out.remove("errorSummary");
        out.put("output", r.output());
        out.put("error", r.error());
        return out;
    }

    static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
