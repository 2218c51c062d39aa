package io.jobwarden.engine.schedule;

import java.util.regex.Pattern;

/**
 * Splits a cron expression into its fields and parses each, as the {@link CronDialect} reads them: 5 fields are Unix
 * cron (minute hour day-of-month month day-of-week, Sunday 0 or 7); in the Quartz dialect 6 or 7 fields have seconds
 * first, an optional year and Sunday 1; in the Spring dialect exactly 6 fields, Sunday 0 or 7.
 */
final class CronExpressionParser {
    /**
     * What separates an expression's fields. Compiled once: {@code String.split("\\s+")} compiles its pattern at
     * every call, and a config of a thousand jobs parses a thousand expressions while the service starts, mostly
     * interpreted.
     */
    static final Pattern BLANKS = Pattern.compile("\\s+");

    private CronExpressionParser() {}

    static CronFields parse(String expression) {
        return parse(expression, CronDialect.QUARTZ);
    }

    static CronFields parse(String expression, CronDialect dialect) {
        String trimmed = expression.strip();
        String[] parts = trimmed.isEmpty() ? new String[0] : BLANKS.split(trimmed);
        checkFieldCount(parts.length, dialect);
        boolean unix = parts.length == 5;
        int at = unix ? 0 : 1;
        CronField seconds =
                unix ? CronField.of(CronFieldType.SECOND, 0) : CronFieldParser.parse(CronFieldType.SECOND, parts[0]);
        CronField minutes = CronFieldParser.parse(CronFieldType.MINUTE, parts[at]);
        CronField hours = CronFieldParser.parse(CronFieldType.HOUR, parts[at + 1]);
        String dayOfMonthText = parts[at + 2];
        String dayOfWeekText = parts[at + 4];
        DayOfMonthRule daysOfMonth = DayOfMonthRule.parse(dayOfMonthText);
        CronField months = CronFieldParser.parse(CronFieldType.MONTH, parts[at + 3]);
        DayOfWeekRule daysOfWeek = DayOfWeekRule.parse(
                dayOfWeekText,
                unix
                        ? CronFieldType.DAY_OF_WEEK_UNIX
                        : dialect == CronDialect.SPRING
                                ? CronFieldType.DAY_OF_WEEK_SPRING
                                : CronFieldType.DAY_OF_WEEK_QUARTZ);
        CronField years = parts.length == 7
                ? CronFieldParser.parse(CronFieldType.YEAR, parts[6])
                : CronField.all(CronFieldType.YEAR);
        // Spring reads '?' as '*' and ANDs the day fields, so it needs no rule here.
        if (!unix && dialect == CronDialect.QUARTZ) checkQuartzDays(dayOfMonthText, dayOfWeekText);
        boolean eitherDay = unix && !daysOfMonth.isWildcard() && !daysOfWeek.isWildcard();
        return new CronFields(seconds, minutes, hours, daysOfMonth, months, daysOfWeek, years, eitherDay, unix);
    }

    private static void checkFieldCount(int count, CronDialect dialect) {
        switch (dialect) {
            case QUARTZ -> {
                if (count < 5 || count > 7) {
                    throw new ScheduleException("expected 5, 6 or 7 fields but found " + count);
                }
            }
            case SPRING -> {
                if (count != 6) {
                    throw new ScheduleException(
                            "expected 6 fields (seconds first) in the spring cron dialect but found " + count
                                    + (count == 5 ? "; for 5-field cron set cron-dialect: unix" : ""));
                }
            }
            case UNIX -> {
                if (count != 5) {
                    throw new ScheduleException("expected 5 fields in the unix cron dialect but found " + count
                            + (count == 6 || count == 7
                                    ? "; for seconds first set cron-dialect: quartz or spring"
                                    : ""));
                }
            }
        }
    }

    /**
     * Quartz cannot combine two restricted day fields, so it makes users say which one they mean; we keep that rule.
     * A plain {@code *} beside a restriction restricts nothing, so we read it as Spring and robfig/cron do.
     */
    private static void checkQuartzDays(String dayOfMonth, String dayOfWeek) {
        boolean domUnset = dayOfMonth.equals("?");
        boolean dowUnset = dayOfWeek.equals("?");
        if (domUnset && dowUnset) {
            throw new ScheduleException("day-of-month and day-of-week fields: only one of them may be '?'");
        }
        if (!domUnset && !dowUnset && !dayOfMonth.equals("*") && !dayOfWeek.equals("*")) {
            throw new ScheduleException("day-of-month and day-of-week fields: one of them must be '?' in a 6 or 7-field"
                    + " (Quartz) expression, like '0 0 12 ? * MON-FRI' or '0 0 12 1 * ?', but found '" + dayOfMonth
                    + "' and '" + dayOfWeek + "'");
        }
    }
}
