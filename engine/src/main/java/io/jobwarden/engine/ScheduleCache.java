package io.jobwarden.engine;

import io.jobwarden.engine.schedule.CronDialect;
import io.jobwarden.engine.schedule.Schedule;
import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed schedules by job id: parsing cron is cheap but not free, and the planner asks for the same jobs'
 * schedules on every poll. An entry is reused only while the job's expression, zone and cron dialect are unchanged.
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
        entries.put(spec.id(), new Entry(spec.schedule(), spec.zone(), spec.cronDialect(), schedule));
        return schedule;
    }

    void forget(String jobId) {
        entries.remove(jobId);
    }
}
