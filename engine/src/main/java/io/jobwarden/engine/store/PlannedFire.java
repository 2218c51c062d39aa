package io.jobwarden.engine.store;

import java.time.Instant;

/**
 * One fire the planner wants to exist. {@code note} is kept on its runs (e.g. "misfire: fire-once"); null for none.
 * A note starting with {@link #BACKLOG} marks a fire planned as part of a catch-up: such fires queue behind one
 * another whatever the job's overlap policy, since skipping them would defeat the catch-up.
 */
public record PlannedFire(Instant fireAt, String note) {
    public static final String BACKLOG = "catch-up";

    public boolean backlog() {
        return note != null && note.startsWith(BACKLOG);
    }
}
