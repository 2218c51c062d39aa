package io.jobwarden.engine.schedule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test shorthand: the next fires of a schedule as ISO-8601 local times with offsets, as {@code jobwarden cron} prints them. */
final class Fires {
    private Fires() {}

    /** Up to {@code count} fires strictly after {@code after} (ISO-8601 with offset), following the schedule. */
    static List<String> of(String expression, String zone, String after, int count) {
        ZoneId zoneId = ZoneId.of(zone);
        Schedule schedule = Schedules.parse(expression, zoneId);
        List<String> fires = new ArrayList<>();
        Instant t = OffsetDateTime.parse(after).toInstant();
        for (int i = 0; i < count; i++) {
            Optional<Instant> next = schedule.nextAfter(t);
            if (next.isEmpty()) break;
            t = next.get();
            fires.add(format(t, zoneId));
        }
        return fires;
    }

    static String format(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone).toOffsetDateTime());
    }
}
