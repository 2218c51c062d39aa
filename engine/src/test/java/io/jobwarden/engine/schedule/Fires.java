package io.jobwarden.engine.schedule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Test shorthand: the next fires of a schedule in ISO-8601 with offsets, as {@code jobwarden cron} prints them. */
final class Fires {
    private Fires() {}

    /** Up to {@code count} fires strictly after {@code after} (ISO-8601 with offset), following the schedule. */
    static List<String> of(String expression, String zone, String after, int count) {
        Schedule schedule = Schedules.parse(expression, ZoneId.of(zone));
        return following(schedule::nextAfter, zone, after, count);
    }

    /** The same for any next-fire function, such as Quartz's. */
    static List<String> following(Function<Instant, Optional<Instant>> next, String zone, String after, int count) {
        List<String> fires = new ArrayList<>();
        Instant t = OffsetDateTime.parse(after).toInstant();
        for (int i = 0; i < count; i++) {
            Optional<Instant> fire = next.apply(t);
            if (fire.isEmpty()) break;
            t = fire.get();
            fires.add(format(t, ZoneId.of(zone)));
        }
        return fires;
    }

    static String format(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                instant.atZone(zone).toOffsetDateTime());
    }
}
