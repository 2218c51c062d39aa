package io.jobwarden.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobwarden.bench.ledger.ExecutionLedger;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.store.JdbcJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine sleeps until the next fire, not a whole poll interval: the fix scenario 3 led to (an idle instance
 * started fires up to one poll interval late). With an hour-long poll interval, fires a second apart still come.
 */
class NextFireWakeUpTest {
    @Test
    void firesComeOnTimeWithAnHourLongPollInterval(@TempDir Path dir) {
        Target target = new Target(Kind.JOBWARDEN, Database.sqlite(dir.resolve("wake.db")), "jw_", 2, Duration.ofHours(1));
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
                await().atMost(Duration.ofSeconds(30)).until(() -> ledger.snapshot().fires().containsKey(ExecutionLedger.fireKey("one-shot", due)));
            } finally {
                engine.stop();
            }
        }
        assertThat(ledger.snapshot().fires().values()).as("no fire ran twice").allMatch(n -> n == 1);
        assertThat(List.copyOf(ledger.snapshot().fires().keySet())).anyMatch(k -> k.startsWith("every-second@"));
    }
}
