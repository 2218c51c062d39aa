package io.jobwarden.runner;

import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.run.ActiveRun;
import io.jobwarden.engine.run.CancelReason;
import io.jobwarden.engine.run.TaskResult;
import io.jobwarden.engine.run.TaskRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs for tests: a real {@link ActiveRun} and a runner started on a thread of its own. */
final class Runs {
    static final Instant FIRE_TIME = Instant.parse("2026-03-29T01:00:00Z");
    static final long RUN_ID = 4711;
    /** How long a test waits for what should take milliseconds: generous, so a busy machine does not fail it. */
    static final Duration PATIENCE = Duration.ofSeconds(15);

    static final int ATTEMPT = 2;

    private Runs() {}

    static ActiveRun of(String type, Map<String, Object> settings) {
        return new ActiveRun(JobSpec.of("nightly-report", "@every 1s", type, settings), FIRE_TIME, RUN_ID, ATTEMPT);
    }

    static ActiveRun withTimeout(String type, Map<String, Object> settings, Duration timeout) {
        JobSpec spec = JobSpec.builder("nightly-report", "@every 1s", type)
                .settings(settings)
                .timeout(timeout)
                .build();
        return new ActiveRun(spec, FIRE_TIME, RUN_ID, ATTEMPT);
    }

    /** A run in progress on its own thread, as the engine's worker would run it. */
    static final class Background {
        final ActiveRun run;
        final Thread thread;
        final CompletableFuture<TaskResult> result = new CompletableFuture<>();
        /** Whether the runner left its thread interrupted when it returned. */
        volatile boolean interruptedAfter;

        Background(TaskRunner runner, ActiveRun run) {
            this.run = run;
            thread = new Thread(
                    () -> {
                        TaskResult outcome = null;
                        Throwable failure = null;
                        try {
                            outcome = runner.run(run);
                        } catch (Throwable e) {
                            failure = e;
                        }
                        interruptedAfter = Thread.currentThread().isInterrupted();
                        if (failure != null) result.completeExceptionally(failure);
                        else result.complete(outcome);
                    },
                    "test-run");
            thread.start();
        }

        /** Cancels as the engine does and waits for the runner to return. */
        TaskResult cancel(CancelReason reason) throws Exception {
            run.cancel(reason);
            return awaitResult();
        }

        TaskResult awaitResult() throws Exception {
            return result.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    static Background start(TaskRunner runner, ActiveRun run) {
        return new Background(runner, run);
    }
}
