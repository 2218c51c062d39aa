package io.jobwarden.engine.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * When a job fires. Implementations are immutable, thread-safe and deterministic: the same input gives the
 * same instants on every node, which is what lets a fire be identified by (job id, scheduled instant).
 */
public interface Schedule {

    /** The first fire strictly after {@code after}, or empty when the schedule has no further fires. */
    Optional<Instant> nextAfter(Instant after);

    /**
     * True for fixed-delay schedules ({@code @delay 30s}): the next fire is planned from the end of the previous
     * run ({@code nextAfter(runEnd)}), not from the previous fire, so the engine waits for the run to end.
     */
    /** The instant of a schedule that fires once ({@code @at}); empty for every other schedule. */
    default Optional<Instant> onlyFire() {
        return Optional.empty();
    }

    default boolean plansFromRunEnd() {
        return false;
    }

    /** The expression as the user wrote it. */
    String expression();

    /** A plain-language reading, e.g. "at second 0 of every 5th minute" or "at 02:30:00, on Monday through Friday". */
    String describe();

    /**
     * Why {@code fire}, the fire after {@code previous}, is not where the expression's wall-clock reading puts it,
     * or empty: a time a DST gap moved or skipped, or a repeated hour whose second pass does not fire. Only zoned
     * cron schedules have anything to say.
     */
    default Optional<String> clockNote(Instant previous, Instant fire) {
        return Optional.empty();
    }
}
