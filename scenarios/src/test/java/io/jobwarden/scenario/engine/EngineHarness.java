package io.jobwarden.scenario.engine;

import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.engine.spi.StoredJob;
import io.jobwarden.runner.Runners;
import io.jobwarden.store.JobStores;
import io.jobwarden.store.StoreOptions;
import io.jobwarden.testkit.SettableClock;
import io.jobwarden.testkit.SteppedEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * An engine on a real SQLite store file and the real runners, driven pass by pass on a {@link SettableClock}.
 * Restarting builds a new engine over the same file, as a process restart would.
 */
final class EngineHarness implements AutoCloseable {
    final SettableClock clock;
    final Path dbFile;
    final JobStore store;
    SteppedEngine engine;

    EngineHarness(Path dir, Instant start) {
        this.clock = new SettableClock(start);
        this.dbFile = dir.resolve("jobwarden.db");
        this.store = JobStores.open(
                "jdbc:sqlite:" + dbFile, null, null, StoreOptions.defaults().withClock(clock));
    }

    SteppedEngine start(Consumer<JobwardenBuilder> setup) {
        JobwardenBuilder b = Jobwarden.builder(store)
                .clock(clock)
                .nodeName("test-node")
                .runners(Runners.defaults(dbFile.getParent().resolve("plugins")))
                .random(new SplittableRandom(42))
                .shutdownTimeout(Duration.ofSeconds(5));
        setup.accept(b);
        engine = SteppedEngine.start(b);
        return engine;
    }

    /** One scheduler pass at the clock's time, then waits until every run it started has been recorded. */
    void passAndSettle() {
        engine.passAndAwaitIdle();
    }

    void settle() {
        engine.awaitIdle();
    }

    void at(String isoInstant) {
        clock.set(Instant.parse(isoInstant));
    }

    StoredJob job(String id) {
        return store.job(id).orElseThrow();
    }

    /** Every run of a job, oldest first. */
    List<RunRecord> runs(String jobId) {
        List<RunRecord> all = new ArrayList<>(store.runs(jobId, 1000, null));
        all.sort(Comparator.comparingLong(RunRecord::runId));
        return all;
    }

    void stopEngine() {
        if (engine != null) engine.close();
        engine = null;
    }

    @Override
    public void close() {
        stopEngine();
        store.close();
    }
}
