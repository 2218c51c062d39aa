package io.jobwarden.engine.spi;

import java.time.Instant;

/** One fire the planner wants to exist. {@code note} is kept on its runs (e.g. "catch-up", "misfire: fire-once"); null for none. */
public record PlannedFire(Instant fireAt, String note) {}
