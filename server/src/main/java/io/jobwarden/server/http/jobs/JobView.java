package io.jobwarden.server.http.jobs;

import io.jobwarden.engine.JobSpecReader;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.SchedulerClient;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.engine.spi.StoredJob;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the API writes a job: its definition exactly as {@code POST /api/jobs} accepts it, and beside it the state
 * every node shares (paused, origin, next fires) and its last run.
 */
public final class JobView {
    static final int NEXT_FIRES = 5;
    private static final Logger log = LoggerFactory.getLogger(JobView.class);

    private JobView() {}

    public static Map<String, Object> of(StoredJob job, RunRecord lastRun, SchedulerClient engine) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", job.id());
        out.put("origin", job.origin().name().toLowerCase(Locale.ROOT));
        out.put("paused", job.paused());
        out.put("nextFireAt", job.paused() ? null : RunView.text(job.nextFireAt()));
        out.put("nextFires", job.paused() ? List.of() : nextFires(job, engine));
        out.put(
                "nextFireState",
                job.paused()
                        ? null
                        : nextFireState(
                                job.nextFireAt(), lastRun, engine.clock().instant()));
        out.put("scheduleDescription", describe(job, engine));
        out.put("lastRun", lastRun == null ? null : RunView.summary(lastRun));
        out.put("version", job.version());
        out.put("updatedAt", RunView.text(job.updatedAt()));
        out.put("definition", JobSpecReader.toMap(job.spec()));
        return out;
    }

    /**
     * What a next fire that is already due is doing, so a client does not show it as a time in the past:
     * {@code running} while the job's last run runs, {@code waiting} while the fire waits to be claimed; null for a
     * fire still ahead.
     */
    static String nextFireState(Instant nextFireAt, RunRecord lastRun, Instant now) {
        if (nextFireAt == null || nextFireAt.isAfter(now)) return null;
        return lastRun != null && lastRun.state() == RunState.RUNNING ? "running" : "waiting";
    }

    /** The stored next fire, then what the schedule says after it. */
    private static List<String> nextFires(StoredJob job, SchedulerClient engine) {
        try {
            return engine.nextFires(job, NEXT_FIRES).stream()
                    .map(Instant::toString)
                    .toList();
        } catch (RuntimeException e) {
            // A definition stored by a newer version may not parse here; the job is still worth showing.
            log.warn("cannot compute the next fires of job {}: {}", job.id(), e.toString());
            Instant next = job.nextFireAt();
            return next == null ? List.of() : List.of(next.toString());
        }
    }

    private static String describe(StoredJob job, SchedulerClient engine) {
        try {
            return engine.describeSchedule(job.spec());
        } catch (RuntimeException e) {
            log.warn("cannot describe the schedule of job {}: {}", job.id(), e.toString());
            return null;
        }
    }
}
