package io.jobwarden.engine;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax users type everywhere: {@code 500ms 30s 10m 2h 1d}, or several of them largest unit first,
 * as Go's durations (robfig/cron's {@code @every}) write them: {@code 1h30m}, {@code 2m30s}, {@code 1d12h}.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
    /** Largest first: a compound such as {@code 30m1h} is more likely a slip than a meaning. */
    private static final List<String> UNITS = List.of("d", "h", "m", "s", "ms");

    private Durations() {}

    /** @throws IllegalArgumentException with a message fit to show the user */
    public static Duration parse(String text) {
        if (text == null) throw new IllegalArgumentException("a duration is required, like 30s");
        String trimmed = text.trim();
        Matcher m = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int at = 0;
        int lastUnit = -1;
        while (at < trimmed.length()) {
            if (!m.find(at) || m.start() != at) throw notADuration(text);
            int unit = UNITS.indexOf(m.group(2));
            if (unit <= lastUnit) {
                throw new IllegalArgumentException("'" + text + "' is not a duration; write its parts largest unit"
                        + " first and each unit once, like 1h30m or 2m30s");
            }
            lastUnit = unit;
            total = total.plus(part(Long.parseLong(m.group(1)), m.group(2)));
            at = m.end();
        }
        if (lastUnit < 0) throw notADuration(text);
        return total;
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException("'" + text
                + "' is not a duration; use a whole number and a unit: 500ms, 30s, 10m, 2h, 1d, or several like 1h30m");
    }

    private static Duration part(long n, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The shortest exact form in the same syntax, so a parsed value prints back as users wrote it. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
        if (ms != 0 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms != 0 && ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
