package io.jobwarden.server.http.jobs;

import io.jobwarden.engine.spi.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the API writes a run: a summary for job listings, in full (output and stack trace) for run history. */
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
        return out;
    }

    public static Map<String, Object> full(RunRecord r) {
        Map<String, Object> out = summary(r);
        out.put("output", r.output());
        out.put("error", r.error());
        return out;
    }

    static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
