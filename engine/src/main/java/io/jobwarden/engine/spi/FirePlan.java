package io.jobwarden.engine.spi;

import java.time.Instant;
import java.util.List;

/** What to do with one due job: create these fires and move its next fire to {@code nextFireAt} (null: none). */
public record FirePlan(List<PlannedFire> fires, Instant nextFireAt) {}
