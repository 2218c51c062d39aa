package io.jobwarden.engine;

import io.jobwarden.engine.schedule.Schedule;
import io.jobwarden.engine.spi.ConfigSyncResult;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.StoredJob;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job definitions as the store holds them, and the first fire each change plans. Every change goes through the
 * store, so it reaches every node sharing it; this node's scheduler thread is woken to act on it at once.
 */
final class JobRegistry {
    private static final Logger log = LoggerFactory.getLogger(JobRegistry.class);

    private final JobStore store;
    private final EngineSettings settings;
    private final Clock clock;
    private final ScheduleCache schedules;
    private final WakeSignal wake;

    JobRegistry(JobStore store, EngineSettings settings, Clock clock, ScheduleCache schedules, WakeSignal wake) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.schedules = schedules;
        this.wake = wake;
    }

    boolean createJob(JobSpec spec) {
        JobSpec resolved = resolve(spec);
        boolean created = store.createJob(resolved, JobOrigin.API, registeredFire(resolved));
        if (created) wake.wakeUp();
        return created;
    }

    void putJob(JobSpec spec, JobOrigin origin) {
        JobSpec resolved = resolve(spec);
        // Unchanged timing keeps the stored next fire, even a past one: that is how fires missed while the service
        // was down reach the misfire policy instead of silently vanishing on restart.
        store.putJobDerivingNextFire(
                resolved,
                origin,
                existing -> existing.isPresent() && sameTiming(existing.get().spec(), resolved)
                        ? existing.get().nextFireAt()
                        : registeredFire(resolved));
        schedules.forget(spec.id());
        wake.wakeUp();
    }

    boolean deleteJob(String id) {
        schedules.forget(id);
        return store.deleteJob(id);
    }

    boolean pauseJob(String id) {
        return store.setPaused(id, true, null);
    }

    boolean resumeJob(String id) {
        Optional<StoredJob> job = store.job(id);
        if (job.isEmpty()) return false;
        boolean ok = store.setPaused(id, false, firstFire(job.get().spec()));
        wake.wakeUp();
        return ok;
    }

    Optional<Instant> trigger(String id) {
        // A fire is identified by (job, instant): a trigger in the same millisecond as another fire takes the next one.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 100; i++, at = at.plusMillis(1)) {
            if (store.addFire(id, at, "manual trigger")) {
                wake.wakeUp();
                return Optional.of(at);
            }
            if (store.job(id).isEmpty()) return Optional.empty();
        }
        throw new IllegalStateException("could not find a free instant to trigger " + id);
    }

    List<Instant> nextFires(StoredJob job, int count) {
        List<Instant> out = new ArrayList<>(count);
        Optional<Instant> t = Optional.ofNullable(job.nextFireAt());
        while (t.isPresent() && out.size() < count) {
            out.add(t.get());
            t = SchedulePlanner.nextFire(schedules.get(job.spec()), t.get(), null);
        }
        return out;
    }

    String describeSchedule(JobSpec spec) {
        return schedules.get(spec).describe();
    }

    /**
     * Config jobs are written on start, by the rules of docs/semantics.md, "Config jobs and API edits": an API edit
     * of a config job stands until the file's definition of it changes, and a node whose file is older than one
     * another node has already synced changes nothing — unless the sync is {@code deliberate} (an operator's
     * reload), which makes the file's revision the newest, a rollback included.
     */
    ConfigJobChanges syncConfigJobs(List<JobSpec> configJobs, boolean deliberate) {
        List<JobSpec> resolved = configJobs.stream().map(this::resolve).toList();
        ConfigSyncResult result = store.syncConfigJobs(
                resolved,
                (spec, existing) ->
                        existing.isPresent() && sameTiming(existing.get().spec(), spec)
                                ? existing.get().nextFireAt()
                                : registeredFire(spec),
                deliberate);
        if (result.newerRevision() != null) {
            log.warn(
                    "the config file's jobs (revision {}) are older than revision {}, which another node has already"
                            + " written: this node's file is out of date, and the config jobs in the store are left as"
                            + " they are; deploy the current file (to go back to an earlier one, reload it: jobwarden reload)",
                    shortRevision(result.revision()),
                    shortRevision(result.newerRevision()));
            return new ConfigJobChanges(List.of(), List.of(), List.of());
        }
        for (String id : result.keptApiEdits())
            log.info(
                    "job {} was edited through the API and the config file's definition has not changed since; the API edit stands",
                    id);
        for (String id : result.deleted()) log.info("job {} is no longer in the config file; removed it", id);
        for (JobSpec spec : resolved) schedules.forget(spec.id());
        for (String id : result.deleted()) schedules.forget(id);
        wake.wakeUp();
        return new ConfigJobChanges(result.created(), result.replaced(), result.deleted());
    }

    private static String shortRevision(String revision) {
        return revision.substring(0, Math.min(12, revision.length()));
    }

    private JobSpec resolve(JobSpec spec) {
        if (spec.priority() != null) return spec;
        return spec.toBuilder().priority(settings.priorityOf(spec)).build();
    }

    private Instant firstFire(JobSpec spec) {
        return schedules.get(spec).nextAfter(clock.instant()).orElse(null);
    }

    /**
     * A job's first fire when it is registered: an {@code @at} instant already past is still its fire, late, so that
     * the misfire policy decides it instead of the job silently never running.
     */
    private Instant registeredFire(JobSpec spec) {
        Schedule schedule = schedules.get(spec);
        return schedule.nextAfter(clock.instant()).or(schedule::onlyFire).orElse(null);
    }

    private static boolean sameTiming(JobSpec a, JobSpec b) {
        return a.schedule().equals(b.schedule())
                && a.zone().equals(b.zone())
                && Objects.equals(a.cronDialect(), b.cronDialect());
    }
}
