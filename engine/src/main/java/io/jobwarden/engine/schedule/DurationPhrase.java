package io.jobwarden.engine.schedule;

import io.jobwarden.engine.Durations;
import java.time.Duration;

/** A duration in words for descriptions: "30 seconds", "1 minute", "1500 milliseconds". */
final class DurationPhrase {
    private DurationPhrase() {}

    static String of(Duration duration) {
        String compact = Durations.format(duration);
        int unitAt = compact.length() - (compact.endsWith("ms") ? 2 : 1);
        String amount = compact.substring(0, unitAt);
        String unit = switch (compact.substring(unitAt)) {
            case "ms" -> "millisecond";
            case "s" -> "second";
            case "m" -> "minute";
            case "h" -> "hour";
            default -> "day";
        };
        return amount + " " + unit + (amount.equals("1") ? "" : "s");
    }
}
