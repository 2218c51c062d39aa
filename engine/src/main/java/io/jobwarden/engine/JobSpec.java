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

    /** How many ordinary fires of an {@code overlap: queue} job may wait; the oldest beyond it are skipped. */
    public int queueBound() {
        return maxQueued == null ? OverlapPolicy.DEFAULT_MAX_QUEUED : maxQueued;
    }

    /** A spec with the defaults for everything but what a minimal job needs. */
    public static JobSpec of(String id, String schedule, String type, Map<String, Object> settings) {
        return builder(id, schedule, type).settings(settings).build();
    }

    /**
     * A spec to be built from what a job must have; every other field keeps its default until set: the system zone,
     * no settings, no timeout, no retry, {@code overlap: skip}, {@code misfire: fire-once}, the default group.
     */
    public static Builder builder(String id, String schedule, String type) {
        return new Builder(id, schedule, type);
    }

    /** A builder holding this spec's fields, to make a spec that differs in a few of them. */
    public Builder toBuilder() {
        return new Builder(id, schedule, type)
                .zone(zone)
                .settings(settings)
                .timeout(timeout)
                .retry(retry)
                .overlap(overlap)
                .misfire(misfire)
                .group(group)
                .priority(priority)
                .description(description)
                .maxQueued(maxQueued)
                .cronDialect(cronDialect);
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
        return toBuilder().id(newId).build();
    }

    public JobSpec withSettings(Map<String, Object> newSettings) {
        return toBuilder().settings(newSettings).build();
    }

    /**
     * Builds a {@link JobSpec} field by field, so that a job's code names what it sets instead of passing a dozen
     * positional nulls. Null for a field means its default, as in the record's constructor, which {@link #build()}
     * calls and which checks what it is given.
     */
    public static final class Builder {
        private String id;
        private final String schedule;
        private final String type;
        private ZoneId zone;
        private Map<String, Object> settings;
        private Duration timeout;
        private RetryPolicy retry;
        private OverlapPolicy overlap;
        private MisfirePolicy misfire;
        private String group;
        private Integer priority;
        private String description;
        private Integer maxQueued;
        private CronDialect cronDialect;

        private Builder(String id, String schedule, String type) {
            this.id = id;
            this.schedule = schedule;
            this.type = type;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        public Builder settings(Map<String, Object> settings) {
            this.settings = settings;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        public Builder overlap(OverlapPolicy overlap) {
            this.overlap = overlap;
            return this;
        }

        public Builder misfire(MisfirePolicy misfire) {
            this.misfire = misfire;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder priority(Integer priority) {
            this.priority = priority;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder maxQueued(Integer maxQueued) {
            this.maxQueued = maxQueued;
            return this;
        }

        public Builder cronDialect(CronDialect cronDialect) {
            this.cronDialect = cronDialect;
            return this;
        }

        public JobSpec build() {
            return new JobSpec(
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
                    cronDialect);
        }
    }
}
