package io.jobwarden.engine.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * The zone prefix robfig/cron ({@code CRON_TZ=Asia/Tokyo 0 0 6 * * ?}) and cronie ({@code TZ=Asia/Tokyo 0 6 * * *})
 * put before an expression, split off it.
 *
 * @param zone null without a prefix
 * @param rest the expression after the prefix
 */
record ZonePrefix(ZoneId zone, String rest) {
    static ZonePrefix split(String text) {
        String name = text.startsWith("CRON_TZ=") ? "CRON_TZ=" : text.startsWith("TZ=") ? "TZ=" : null;
        if (name == null) return new ZonePrefix(null, text);
        String[] words = CronExpressionParser.BLANKS.split(text.substring(name.length()), 2);
        try {
            return new ZonePrefix(ZoneId.of(words[0]), words.length > 1 ? words[1].strip() : "");
        } catch (DateTimeException e) {
            throw new ScheduleException(name.substring(0, name.length() - 1) + ": '" + words[0]
                    + "' is not a time zone; use a name like Asia/Tokyo or UTC");
        }
    }
}
