package io.jobwarden.engine.spi;

import java.time.Instant;

/**
 * One fire the planner wants to exist. {@code note} is kept on its runs (e.g. "catch-up", "misfire: fire-once");
 * null for none. A {@code skipped} fire is recorded as done at once, with a {@code SKIPPED} run carrying the note
 * that says why, so that a fire that will never run still shows in the history.
 */
public record PlannedFire(Instant fireAt, String note, boolean skipped) {
    public PlannedFire(Instant fireAt, String note) {
        this(fireAt, note, false);
    }
}
