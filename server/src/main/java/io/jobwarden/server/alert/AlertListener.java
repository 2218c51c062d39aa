package io.jobwarden.server.alert;

import io.jobwarden.engine.RunListener;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.ClaimedRun;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns engine events into alerts: a run that failed for good (no retry left), and a lost lease. */
public final class AlertListener implements RunListener {
    private final AlertWebhook webhook;
    private final String instance;

    public AlertListener(AlertWebhook webhook, String instance) {
        this.webhook = webhook;
        this.instance = instance;
    }

    @Override
    public void runFinished(ClaimedRun run, RunState state, Duration took, Instant retryAt, String error) {
        if (state == RunState.SUCCEEDED || state == RunState.SKIPPED || retryAt != null) return;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("instance", instance);
        f.put("job", run.jobId());
        f.put("fireTime", run.fireAt().toString());
        f.put("runId", run.runId());
        f.put("attempt", run.attempt());
        f.put("state", state.name());
        f.put("durationMs", took.toMillis());
        f.put("error", error == null ? null : firstLine(error));
        webhook.send("run.failed", f);
    }

    @Override
    public void leaseLost() {
        webhook.send("node.lease-lost", Map.of("instance", instance));
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 500 ? line.substring(0, 500) : line;
    }
}
