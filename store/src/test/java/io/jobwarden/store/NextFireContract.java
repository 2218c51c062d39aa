package io.jobwarden.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.OverlapPolicy;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.ClaimRequest;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.NodeInfo;
import io.jobwarden.engine.spi.RetryDecider;
import io.jobwarden.engine.spi.RunCompletion;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A fixed-delay job has one next fire at most, moved by planning, by its run's end and by recovery: a writer that
 * puts back a value it read earlier, or a step that is not in the transaction that ends the run, stops it for good.
 */
public abstract class NextFireContract extends PrefixedStoreFixture {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final String NODE = "node-a";

    private static JobSpec delayJob(String id, String command) {
        return JobSpec.builder(id, "@delay 30s", "shell")
                .zone(ZoneOffset.UTC)
                .settings(Map.of("command", List.of(command)))
                .overlap(OverlapPolicy.SKIP)
                .group("default")
                .build();
    }

    /** The job's one fire is running on {@code node}: planned (which leaves no next fire) and claimed. */
    private ClaimedRun running(JobSpec spec, String node) {
        store.createJob(spec, JobOrigin.API, null);
        store.addFire(spec.id(), T0, null);
        return store.claim(new ClaimRequest(node, T0, Map.of("default", 10), 10))
                .get(0);
    }

    @Test
    void anEditWhileTheRunEndsKeepsTheNextFireTheRunEndSet() throws Exception {
        ClaimedRun run = running(delayJob("d", "true"), NODE);
        Instant afterRun = T0.plusSeconds(31);
        CompletableFuture<Integer> ending = new CompletableFuture<>();

        store.putJobDerivingNextFire(delayJob("d", "false"), JobOrigin.API, existing -> {
            // The run ends while the edit decides: the end must wait for the edit, or the edit must see the end.
            if (!ending.isDone()) {
                CompletableFuture.runAsync(() -> ending.complete(store.complete(List.of(new RunCompletion(
                        run.runId(),
                        "d",
                        T0,
                        NODE,
                        RunState.SUCCEEDED,
                        T0.plusSeconds(1),
                        0,
                        null,
                        null,
                        null,
                        afterRun)))));
                try {
                    ending.get(500, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // Held back by the job's row lock: the edit's view is still current.
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return existing.orElseThrow().nextFireAt();
        });

        assertThat(ending.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(store.job("d").orElseThrow().spec().settings()).containsEntry("command", List.of("false"));
        assertThat(store.job("d").orElseThrow().nextFireAt())
                .as("the edit did not write back the next fire it read before the run ended")
                .isEqualTo(afterRun);
    }

    @Test
    void theNextFireIsChosenFromTheJobAsStoredOrFromNothingForANewJob() {
        store.putJobDerivingNextFire(
                delayJob("n", "true"), JobOrigin.API, existing -> existing.isPresent() ? T0 : T0.plusSeconds(1));
        assertThat(store.job("n").orElseThrow().nextFireAt()).isEqualTo(T0.plusSeconds(1));
        store.putJobDerivingNextFire(
                delayJob("n", "false"),
                JobOrigin.API,
                existing -> existing.orElseThrow().nextFireAt().plusSeconds(1));
        assertThat(store.job("n").orElseThrow().nextFireAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void recoveryPlansTheNextFireOfAFixedDelayJobInItsOwnTransaction() {
        running(delayJob("d", "true"), "ghost"); // a node that never joined: its run is abandoned at once
        Instant now = T0.plusSeconds(100);
        RetryDecider noRetryThenDelay = new RetryDecider() {
            @Override
            public Instant retryAt(JobSpec spec, int endedAttempt, RunState state, Instant at) {
                return null;
            }

            @Override
            public Instant nextFireAfterAbandoned(JobSpec spec, Instant fireAt, Instant at) {
                return at.plusSeconds(30);
            }
        };

        assertThat(store.recoverAbandoned(new NodeInfo(NODE, "a", "host", T0, null, null, 0), noRetryThenDelay, now))
                .hasSize(1);

        // Nothing but recovery's own transaction ran: a process dying right after it loses nothing.
        assertThat(store.job("d").orElseThrow().nextFireAt()).isEqualTo(now.plusSeconds(30));
    }

    @Test
    void recoveryLeavesTheNextFireAloneWhenTheFireIsRetriedOrAnotherIsPlanned() {
        running(delayJob("r", "true"), "ghost");
        running(delayJob("p", "true"), "ghost");
        store.putJobDerivingNextFire(delayJob("p", "false"), JobOrigin.API, existing -> T0.plusSeconds(5));
        RetryDecider decider = new RetryDecider() {
            @Override
            public Instant retryAt(JobSpec spec, int endedAttempt, RunState state, Instant at) {
                return spec.id().equals("r") ? at.plusSeconds(1) : null;
            }

            @Override
            public Instant nextFireAfterAbandoned(JobSpec spec, Instant fireAt, Instant at) {
                return at.plusSeconds(30);
            }
        };

        assertThat(store.recoverAbandoned(new NodeInfo(NODE, "a", "host", T0, null, null, 0), decider, T0))
                .hasSize(2);

        assertThat(store.job("r").orElseThrow().nextFireAt()).as("retried").isNull();
        assertThat(store.job("p").orElseThrow().nextFireAt())
                .as("edited meanwhile")
                .isEqualTo(T0.plusSeconds(5));
    }
}
