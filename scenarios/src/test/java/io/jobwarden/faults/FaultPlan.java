package io.jobwarden.faults;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.MisfirePolicy;
import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.engine.RetryPolicy;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The jobs of one trial, known alike to the test and to every node: {@code oneShots} jobs due together at {@code at},
 * and {@code queued} jobs firing each second from {@code at} under {@code overlap: queue}, so that two of their runs
 * must never act at once. Each task works {@code workMs}; {@code timeoutMs} (0 for none) and {@code retryMax} are
 * every job's.
 */
record FaultPlan(
        int oneShots, int queued, Instant at, long workMs, long timeoutMs, int retryMax, boolean ignoreInterrupt) {
    static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    static String oneShotId(int i) {
        return String.format("once-%04d", i);
    }

    static String queuedId(int i) {
        return "queued-" + i;
    }

    List<JobSpec> specs() {
        RetryPolicy retry = retryMax == 0
                ? RetryPolicy.NONE
                : new RetryPolicy(retryMax, RETRY_BACKOFF, RETRY_BACKOFF.multipliedBy(2));
        Duration timeout = timeoutMs == 0 ? null : Duration.ofMillis(timeoutMs);
        List<JobSpec> out = new ArrayList<>();
        for (int i = 1; i <= queued; i++) {
            out.add(JobSpec.builder(queuedId(i), "@every 1s", "java")
                    .zone(ZoneOffset.UTC)
                    .settings(Map.of())
                    .timeout(timeout)
                    .retry(retry)
                    .overlap(OverlapPolicy.QUEUE)
                    .misfire(MisfirePolicy.FIRE_ONCE)
                    .priority(8)
                    .description("fault trial: one fire a second, never two runs at once")
                    .build());
        }
        for (int i = 1; i <= oneShots; i++) {
            out.add(JobSpec.builder(oneShotId(i), "@at " + at, "java")
                    .zone(ZoneOffset.UTC)
                    .settings(Map.of())
                    .timeout(timeout)
                    .retry(retry)
                    .misfire(MisfirePolicy.FIRE_ONCE)
                    .priority(5)
                    .description("fault trial: part of a burst")
                    .build());
        }
        return out;
    }

    void storeIn(JobStore store) {
        specs().forEach(spec -> store.putJob(spec, JobOrigin.CONFIG, at));
    }

    /** Every one-shot fire, and the queued jobs' fires from {@code at} through {@code last}. */
    List<String> expectedFires(Instant last) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= oneShots; i++) out.add(oneShotId(i) + "@" + at);
        for (Instant t = at; !t.isAfter(last); t = t.plusSeconds(1)) {
            for (int i = 1; i <= queued; i++) out.add(queuedId(i) + "@" + t);
        }
        return out;
    }

    /** The queued jobs work briefly, so that a fire a second does not pile up behind them. */
    long workMsOf(String jobId) {
        return jobId.startsWith("queued-") ? Math.min(workMs, 300) : workMs;
    }

    List<String> queuedIds() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= queued; i++) out.add(queuedId(i));
        return out;
    }

    List<String> toArgs() {
        return List.of(
                "oneShots=" + oneShots,
                "queued=" + queued,
                "at=" + at,
                "workMs=" + workMs,
                "timeoutMs=" + timeoutMs,
                "retryMax=" + retryMax,
                "ignoreInterrupt=" + ignoreInterrupt);
    }

    static FaultPlan fromArgs(Map<String, String> args) {
        return new FaultPlan(
                Integer.parseInt(args.get("oneShots")),
                Integer.parseInt(args.get("queued")),
                Instant.parse(args.get("at")),
                Long.parseLong(args.get("workMs")),
                Long.parseLong(args.get("timeoutMs")),
                Integer.parseInt(args.get("retryMax")),
                Boolean.parseBoolean(args.get("ignoreInterrupt")));
    }
}
