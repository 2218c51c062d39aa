package io.jobwarden.scenario.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.JobSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a group's slots full, higher priority fires start first; a group never exceeds its limit. */
class PriorityTest {
    @TempDir
    Path dir;

    private static JobSpec job(String id, Integer priority) {
        return JobSpec.builder(id, "@at 2026-01-01T00:00:01Z", "java")
                .group("batch")
                .priority(priority)
                .build();
    }

    @Test
    void higherPriorityStartsFirstWhenTheGroupIsFull() {
        List<String> started = new CopyOnWriteArrayList<>();
        try (EngineHarness h = new EngineHarness(dir, Instant.parse("2026-01-01T00:00:00Z"))) {
            h.start(b -> b.group("batch", 1, 5)
                    .task(job("low", 1), ctx -> started.add("low"))
                    .task(job("high", 9), ctx -> started.add("high"))
                    .task(job("group-default", null), ctx -> started.add("group-default"))
                    .task(job("mid", 6), ctx -> started.add("mid")));
            h.at("2026-01-01T00:00:01Z");
            for (int i = 0; i < 4; i++) {
                h.passAndSettle();
                assertThat(started).hasSize(i + 1);
            }
            assertThat(started).containsExactly("high", "mid", "group-default", "low");
        }
    }
}
