package io.jobwarden.engine.schedule;

import java.time.ZoneId;

/** Parses every schedule syntax of product.md section 2 into a {@link Schedule}. */
public final class Schedules {
    private Schedules() {}

    /**
     * @param expression Quartz cron (6/7 fields), Unix cron (5 fields), a macro ({@code @daily}), {@code @every D},
     *                   {@code @delay D} or {@code @at INSTANT}
     * @param zone       the zone cron fields are read in
     * @throws ScheduleException naming the bad field and value
     */
    public static Schedule parse(String expression, ZoneId zone) {
        throw new ScheduleException("not implemented yet: " + expression);
    }
}
