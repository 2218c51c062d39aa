package io.jobwarden.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.bench.ledger.ExecutionLedger;
import io.jobwarden.engine.FireGuard;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.store.JdbcJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine sleeps until the next fire, not a whole poll interval: scenario 3 found fires starting up to one poll
 * interval late. With an hour-long poll interval, fires a second apart must still come, also while another job's
 * fire is due and waiting for its running predecessor.
 */
class NextFireWakeUpTest {
    @Test
    void firesComeOnTimeWithAnHourLongPollInterval(@TempDir Path dir) {
        Target target =
                new Target(Kind.JOBWARDEN, Database.sqlite(dir.resolve("wake.db")), "jw_", 2, Duration.ofHours(1));
        JobwardenContestant contestant = new JobwardenContestant(target);
        contestant.reset();
        ExecutionLedger ledger = new ExecutionLedger();
        try (JdbcJobStore store = contestant.openStore()) {
            Jobwarden engine = JobwardenContestant.builder(store, "wake", 2, Duration.ofHours(1), ledger)
                    .job(JobwardenContestant.spec("every-second", "* * * * * ?"))
                    .start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> ledger.executions() >= 3);

                Instant due = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
                engine.createJob(JobwardenContestant.oneShot("one-shot", due));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> ledger.snapshot().fires().containsKey(ExecutionLedger.fireKey("one-shot", due)));
            } finally {
                engine.stop();
            }
        }
        assertThat(ledger.snapshot().fires().values()).as("no fire ran twice").allMatch(n -> n == 1);
        assertThat(List.copyOf(ledger.snapshot().fires().keySet())).anyMatch(k -> k.startsWith("every-second@"));
    }

    @Test
    void aFireWaitingForItsRunningPredecessorDoesNotHoldBackOtherJobs(@TempDir Path dir) {
        Target target =
                new Target(Kind.JOBWARDEN, Database.sqlite(dir.resolve("queue.db")), "jw_", 4, Duration.ofHours(1));
        JobwardenContestant contestant = new JobwardenContestant(target);
        contestant.reset();
        ExecutionLedger ledger = new ExecutionLedger();
        CountDownLatch release = new CountDownLatch(1);
        // Fires every second but its first run blocks: from then on one of its fires is due and waits (overlap queue).
        JobSpec blocker = JobSpec.builder("blocker", "* * * * * ?", "java")
                .zone(ZoneOffset.UTC)
                .settings(Map.of())
                .overlap(OverlapPolicy.QUEUE)
                .build();
        try (JdbcJobStore store = contestant.openStore()) {
            Jobwarden engine = JobwardenContestant.builder(store, "queue", 4, Duration.ofHours(1), ledger)
                    .shutdownTimeout(Duration.ofSeconds(1))
                    // No lock to renew: a renewal every third of the ttl would wake the loop and hide the stall.
                    .fireGuard(FireGuard.NONE, Duration.ofHours(1))
                    .task(blocker, ctx -> release.await())
                    .job(JobwardenContestant.spec("tick", "* * * * * ?"))
                    .start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> store.pendingFires(Instant.now()) > 0);
                long ticks = ledger.executions();
                await().atMost(Duration.ofSeconds(30)).until(() -> ledger.executions() >= ticks + 3);
            } finally {
                release.countDown();
                engine.stop();
            }
        }
    }
}
