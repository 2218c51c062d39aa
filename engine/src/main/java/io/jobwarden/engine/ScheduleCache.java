package io.jobwarden.engine;

import io.jobwarden.engine.schedule.CronDialect;
import io.jobwarden.engine.schedule.Schedule;
import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed schedules by job id: parsing cron is cheap but not free, and the planner asks for the same jobs'
 * schedules on every poll. An entry is reused only while the job's expression, zone and cron dialect are unchanged.
 * One-shot schedules are not kept: each is planned once, its parse is cheap, and a node given a million one-shot jobs
 * over its life would otherwise hold an entry for every one of them.
 */
final class ScheduleCache {
    private record Entry(String expression, ZoneId zone, CronDialect dialect, Schedule schedule) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    Schedule get(JobSpec spec) {
        Entry e = entries.get(spec.id());
        if (e != null
                && e.expression.equals(spec.schedule())
                && e.zone.equals(spec.zone())
                && e.dialect == spec.cronDialect()) {
            return e.schedule;
        }
        Schedule schedule = spec.parsedSchedule();
        if (schedule.onlyFire().isPresent()) return schedule;
        entries.put(spec.id(), new Entry(spec.schedule(), spec.zone(), spec.cronDialect(), schedule));
        return schedule;
    }

    int size() {
        return entries.size();
    }

    void forget(String jobId) {
        entries.remove(jobId);
    }
}
