package io.jobwarden.store;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.ClaimRequest;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.RunCompletion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The process {@link SqliteDurabilityTest} kills: records a run's start and end and a second run's start, says so
 * on stdout after each commit, then waits to be killed with the store still open.
 */
public final class DurabilityChild {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    public static void main(String[] args) throws InterruptedException {
        String url = args[0];
        String prefix = args[1];
        JdbcJobStore store =
                JobStores.open(url, null, null, StoreOptions.defaults().withTablePrefix(prefix));
        store.createJob(
                JobSpec.of("durable", "@every 1m", "shell", Map.of("command", List.of("true"))), JobOrigin.API, null);
        store.addFire("durable", T0, null);
        store.addFire("durable", T0.plusSeconds(60), null);

        ClaimedRun first = store.claim(new ClaimRequest("child", T0, Map.of("default", 1), 1))
                .get(0);
        System.out.println("STARTED " + first.runId());
        store.complete(List.of(new RunCompletion(
                first.runId(),
                "durable",
                first.fireAt(),
                "child",
                RunState.SUCCEEDED,
                T0.plusSeconds(1),
                0,
                "done",
                null,
                null,
                null)));
        System.out.println("FINISHED " + first.runId());
        ClaimedRun second = store.claim(new ClaimRequest("child", T0.plusSeconds(60), Map.of("default", 1), 1))
                .get(0);
        System.out.println("STARTED " + second.runId());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
