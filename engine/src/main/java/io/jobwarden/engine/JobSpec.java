package io.jobwarden.engine;

import io.jobwarden.engine.schedule.CronDialect;
import io.jobwarden.engine.schedule.Schedule;
import io.jobwarden.engine.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's definition, as a user wrote it in {@code jobwarden.yml} or posted it to the API. Immutable;
 * replacing a job means storing a new spec. Runtime state (paused, next fire) lives in the store, not here.
 *
 * @param id        unique, {@code [A-Za-z0-9][A-Za-z0-9._-]*}, at most 128 characters
 * @param schedule  the schedule expression exactly as written (cron, {@code @every 30s}, {@code @at ...})
 * @param zone      the zone cron is evaluated in
 * @param type      the runner type: {@code shell}, {@code http}, {@code java}
 * @param settings  the type's own keys (for shell: command, workdir, env); validated by that runner
 * @param timeout   null for no timeout
 * @param priority  null to take the group's priority
 * @param cronDialect how the cron schedule is read; null when neither the job nor the config chose one (read as
 *                  Quartz, with a warning where that is ambiguous)
 */
public record JobSpec(
        String id,
        String schedule,
        ZoneId zone,
        String type,
        Map<String, Object> settings,
        Duration timeout,
        RetryPolicy retry,
        OverlapPolicy overlap,
        MisfirePolicy misfire,
        String group,
        Integer priority,
        String description,
        Integer maxQueued,
        CronDialect cronDialect) {

    public JobSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(type, "type");
        zone = zone == null ? ZoneId.systemDefault() : zone;
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        retry = retry == null ? RetryPolicy.NONE : retry;
        overlap = overlap == null ? OverlapPolicy.SKIP : overlap;
        misfire = misfire == null ? MisfirePolicy.FIRE_ONCE : misfire;
        group = group == null ? GroupSpec.DEFAULT : group;
    }

    /** Without {@code cron-dialect}: the schedule is read as Quartz. */
    public JobSpec(
            String id,
            String schedule,
            ZoneId zone,
            String type,
            Map<String, Object> settings,
            Duration timeout,
            RetryPolicy retry,
            OverlapPolicy overlap,
            MisfirePolicy misfire,
            String group,
            Integer priority,
            String description,
            Integer maxQueued) {
        this(
                id,
                schedule,
                zone,
                type,
                settings,
                timeout,
                retry,
                overlap,
                misfire,
                group,
                priority,
                description,
                maxQueued,
                null);
    }

    /** Without {@code max-queued}: the bound is {@link OverlapPolicy#DEFAULT_MAX_QUEUED}. */
    public JobSpec(
            String id,
            String schedule,
            ZoneId zone,
            String type,
            Map<String, Object> settings,
            Duration timeout,
            RetryPolicy retry,
            OverlapPolicy overlap,
            MisfirePolicy misfire,
            String group,
            Integer priority,
            String description) {
        this(id, schedule, zone, type, settings, timeout, retry, overlap, misfire, group, priority, description, null);
    }

    /** How many ordinary fires of an {@code overlap: queue} job may wait; the oldest beyond it are skipped. */
    public int queueBound() {
        return maxQueued == null ? OverlapPolicy.DEFAULT_MAX_QUEUED : maxQueued;
    }

    /** A spec with the defaults for everything but what a minimal job needs. */
    public static JobSpec of(String id, String schedule, String type, Map<String, Object> settings) {
        return new JobSpec(id, schedule, null, type, settings, null, null, null, null, null, null, null);
    }

    /** Parses {@link #schedule} in {@link #zone}; the spec was validated when it was accepted, so this succeeds. */
    public Schedule parsedSchedule() {
        return Schedules.parse(schedule, zone, cronDialect);
    }

    /**
     * What a valid job may not do as its author expects, as of {@code now}, each as {@code "field: message"}: a
     * 6-field schedule with day-of-week numbers and no {@code cron-dialect} (Quartz and Spring users read different
     * days), an {@code @at} instant already past (the misfire policy then decides). Said to whoever submitted the job
     * (API answer, {@code validate}), never stored; empty when nothing is worth saying.
     */
    public List<String> warnings(Instant now) {
        List<String> warnings = new ArrayList<>();
        for (String w : Schedules.warnings(schedule, cronDialect)) warnings.add("schedule: " + w);
        Optional<Instant> at = parsedSchedule().onlyFire();
        if (at.isPresent() && !at.get().isAfter(now)) {
            String outcome = misfire == MisfirePolicy.SKIP
                    ? "it will not run: misfire: skip records a SKIPPED run instead"
                    : "it runs once now (misfire: " + misfire.configName() + ")";
            warnings.add("schedule: the @at instant " + at.get() + " is in the past; " + outcome);
        }
        return List.copyOf(warnings);
    }

    public JobSpec withId(String newId) {
        return new JobSpec(
                newId,
                schedule,
                zone,
                type,
                settings,
                timeout,
                retry,
                overlap,
                misfire,
                group,
                priority,
                description,
                maxQueued,
                cronDialect);
    }

    public JobSpec withSettings(Map<String, Object> newSettings) {
        return new JobSpec(
                id,
                schedule,
                zone,
                type,
                newSettings,
                timeout,
                retry,
                overlap,
                misfire,
                group,
                priority,
                description,
                maxQueued,
                cronDialect);
    }
}
