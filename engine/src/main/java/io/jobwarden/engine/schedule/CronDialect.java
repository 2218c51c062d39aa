package io.jobwarden.engine.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which scheduler's reading a cron expression was written for. They differ where it hurts: in 6-field form Quartz
 * counts day-of-week 1 = SUN, Spring (and robfig/cron) 1 = MON, so the same text fires on different days.
 */
public enum CronDialect {
    /** 6/7 fields with Quartz's day numbering (1 = SUN); 5 fields read as Unix cron. The default. */
    QUARTZ,
    /** Spring's {@code CronExpression}: exactly 6 fields, day-of-week 0/7 = SUN, 1 = MON, {@code ?} optional. */
    SPRING,
    /** Vixie cron: exactly 5 fields, day-of-week 0/7 = SUN. */
    UNIX;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CronDialect> fromConfigName(String text) {
        return Arrays.stream(values())
                .filter(d -> d.configName().equals(text.strip().toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /** For messages: "quartz | spring | unix". */
    public static String choices() {
        return Arrays.stream(values()).map(CronDialect::configName).collect(Collectors.joining(" | "));
    }
}
