package io.jobwarden.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.store.JdbcJobStore;
import io.jobwarden.testkit.SteppedEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 11 (clock skew): two nodes on one PostgreSQL database, one of them with its clock 5 s fast. No fire
 * may start before its instant by the database's clock, whichever node claims it, and runs of a {@code skip} job
 * never overlap.
 */
class ClockSkewTest {
    private record Started(String node, Instant fireAt, Instant dbStart, Instant dbEnd) {}

    @Test
    void aNodeWithAFastClockStartsNoFireEarly() throws Exception {
        SharedDatabase db = SharedDatabase.postgres();
        String prefix = SharedDatabase.freshPrefix();
        List<Started> runs = new CopyOnWriteArrayList<>();
        JobSpec every2s = JobSpec.builder("tick", "@every 2s", "java")
                .overlap(OverlapPolicy.SKIP)
                .build();
        JdbcJobStore storeA = db.open(prefix);
        JdbcJobStore storeB = db.open(prefix);
        try (SteppedEngine normal = SteppedEngine.start(Jobwarden.builder(storeA)
                        .clock(Clock.systemUTC())
                        .nodeName("normal")
                        .task(every2s, ctx -> runs.add(run("normal", ctx.fireTime(), storeA))));
                SteppedEngine fast = SteppedEngine.start(Jobwarden.builder(storeB)
                        .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5)))
                        .nodeName("fast")
                        .task(every2s, ctx -> runs.add(run("fast", ctx.fireTime(), storeB))))) {
            // The database's clock is real time, so the nodes are stepped in real time: the fast one first.
            Instant until = storeA.databaseNow().plusSeconds(9);
            while (storeA.databaseNow().isBefore(until)) {
                fast.pass();
                normal.pass();
                Thread.sleep(50);
            }
            fast.awaitIdle();
            normal.awaitIdle();
        } finally {
            storeA.close();
            storeB.close();
            db.dropTables(prefix);
        }

        assertThat(runs).hasSizeGreaterThanOrEqualTo(3);
        assertThat(runs)
                .allSatisfy(r -> assertThat(r.dbStart())
                        .as("run of fire %s on node %s started by the database's clock at", r.fireAt(), r.node())
                        .isAfterOrEqualTo(r.fireAt()));
        List<Started> byStart = new ArrayList<>(runs);
        byStart.sort(Comparator.comparing(Started::dbStart));
        for (int i = 1; i < byStart.size(); i++) {
            assertThat(byStart.get(i).dbStart())
                    .as("no overlap: %s starts after %s ended", byStart.get(i), byStart.get(i - 1))
                    .isAfterOrEqualTo(byStart.get(i - 1).dbEnd());
        }
    }

    /** A run of a little under a second, timed on the database's clock. */
    private static Started run(String node, Instant fireAt, JdbcJobStore store) throws InterruptedException {
        Instant start = store.databaseNow();
        Thread.sleep(900);
        return new Started(node, fireAt, start, store.databaseNow());
    }
}
