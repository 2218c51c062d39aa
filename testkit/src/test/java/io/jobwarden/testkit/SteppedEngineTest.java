package io.jobwarden.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SteppedEngineTest {
    @TempDir
    Path dir;

    @Test
    void firesOnlyWhenThePassAtTheClocksTimeSaysSo() {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        AtomicInteger runs = new AtomicInteger();
        try (JobStore store = JobStores.open(
                        "jdbc:sqlite:" + dir.resolve("jobwarden.db"),
                        null,
                        null,
                        StoreOptions.defaults().withClock(clock));
                SteppedEngine stepped = SteppedEngine.start(Jobwarden.builder(store)
                        .clock(clock)
                        .task("minutely", "@every 1m", ctx -> runs.incrementAndGet()))) {
            clock.advance(Duration.ofSeconds(59));
            stepped.passAndAwaitIdle();
            assertThat(runs).hasValue(0);

            clock.set(Instant.parse("2026-01-01T00:01:00Z"));
            stepped.passAndAwaitIdle();
            assertThat(runs).hasValue(1);
            assertThat(stepped.engine().runs("minutely", 10, null))
                    .extracting(RunRecord::state)
                    .containsExactly(RunState.SUCCEEDED);
        }
    }

    /** The example of docs/embedding.md, "Testing code that schedules", as written there. */
    @Test
    void theEmbeddingGuidesExample() {
        List<String> invoices = new CopyOnWriteArrayList<>();
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (JobStore store = JobStores.open(
                "jdbc:sqlite:" + dir.resolve("guide.db"),
                null,
                null,
                StoreOptions.defaults().withClock(clock))) {
            try (SteppedEngine jobs = SteppedEngine.start(Jobwarden.builder(store)
                    .clock(clock)
                    .task("send-invoices", "0 */5 * * * ?", ctx -> invoices.add(ctx.fireKey())))) {
                clock.advance(Duration.ofMinutes(5));
                jobs.passAndAwaitIdle(); // one scheduler pass, then wait for its runs
                assertThat(jobs.engine().runs("send-invoices", 10, null)).hasSize(1);
            }
        }
        assertThat(invoices).containsExactly("send-invoices@2026-01-01T00:05:00Z");
    }
}
