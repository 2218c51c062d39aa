package io.jobwarden.engine.schedule;

/**
 * Splits a cron expression into its fields and parses each: 5 fields are Unix cron (minute hour day-of-month month
 * day-of-week, Sunday 0 or 7), 6 or 7 are Quartz (seconds first, optional year, Sunday 1, and exactly one of the
 * day fields {@code ?}).
 */
final class CronExpressionParser {
    private CronExpressionParser() {}

    static CronFields parse(String expression) {
        String trimmed = expression.strip();
        String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        if (parts.length < 5 || parts.length > 7) {
            throw new ScheduleException("expected 5, 6 or 7 fields but found " + parts.length);
        }
        boolean unix = parts.length == 5;
        int at = unix ? 0 : 1;
        CronField seconds =
                unix ? CronField.of(CronFieldType.SECOND, 0) : CronFieldParser.parse(CronFieldType.SECOND, parts[0]);
        CronField minutes = CronFieldParser.parse(CronFieldType.MINUTE, parts[at]);
        CronField hours = CronFieldParser.parse(CronFieldType.HOUR, parts[at + 1]);
        DayOfMonthRule daysOfMonth = DayOfMonthRule.parse(parts[at + 2]);
        CronField months = CronFieldParser.parse(CronFieldType.MONTH, parts[at + 3]);
        DayOfWeekRule daysOfWeek = DayOfWeekRule.parse(
                parts[at + 4], unix ? CronFieldType.DAY_OF_WEEK_UNIX : CronFieldType.DAY_OF_WEEK_QUARTZ);
        CronField years = parts.length == 7
                ? CronFieldParser.parse(CronFieldType.YEAR, parts[6])
                : CronField.all(CronFieldType.YEAR);
        if (!unix) requireOneQuestionMark(parts[3], parts[5]);
        boolean eitherDay = unix && !daysOfMonth.isWildcard() && !daysOfWeek.isWildcard();
        return new CronFields(seconds, minutes, hours, daysOfMonth, months, daysOfWeek, years, eitherDay, unix);
    }

    /** Quartz cannot combine the two day fields, so it makes users say which one they mean; we keep its rule. */
    private static void requireOneQuestionMark(String dayOfMonth, String dayOfWeek) {
        boolean domUnset = dayOfMonth.equals("?");
        boolean dowUnset = dayOfWeek.equals("?");
        if (domUnset && dowUnset) {
            throw new ScheduleException("day-of-month and day-of-week fields: only one of them may be '?'");
        }
        if (!domUnset && !dowUnset) {
            throw new ScheduleException("day-of-month and day-of-week fields: one of them must be '?' in a 6 or 7-field"
                    + " (Quartz) expression, like '0 0 12 ? * MON-FRI' or '0 0 12 1 * ?', but found '" + dayOfMonth
                    + "' and '" + dayOfWeek + "'");
        }
    }
}
