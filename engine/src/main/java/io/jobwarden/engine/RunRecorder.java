package io.jobwarden.engine;

import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.engine.spi.JobStore;
import io.jobwarden.engine.spi.RunCompletion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes run outcomes to the store. Outcomes that end together are written in one transaction: with a durable
 * store each commit costs a disk sync, and batching is what lets a burst of short runs keep up. An outcome that
 * cannot be written (database down) is kept and retried, never dropped; should the process die first, the run is
 * still {@code RUNNING} in the store and is recovered as {@code ABANDONED}.
 */
final class RunRecorder {
    private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);
    private static final int BATCH = 500;
    private static final Duration NOT_STARTED_RETRY = Duration.ofSeconds(1);

    private final JobStore store;
    private final String nodeId;
    private final ScheduleCache schedules;
    private final RandomGenerator random;
    /** Always a {@link RunListeners}, which keeps a failing listener from reaching the engine's threads. */
    private final RunListener listener;

    private final Runnable afterWrite;
    private final LinkedBlockingQueue<RunCompletion> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger unwritten = new AtomicInteger();
    private final Set<Long> unwrittenRuns = ConcurrentHashMap.newKeySet();
    private final Thread writer;
    private volatile boolean stopping;

    RunRecorder(
            JobStore store,
            String nodeId,
            ScheduleCache schedules,
            RandomGenerator random,
            RunListener listener,
            Runnable afterWrite) {
        this.store = store;
        this.nodeId = nodeId;
        this.schedules = schedules;
        this.random = random;
        this.listener = listener;
        this.afterWrite = afterWrite;
        this.writer = new Thread(this::writeLoop, "jobwarden-recorder");
        this.writer.setDaemon(true);
    }

    void start() {
        writer.start();
    }

    void started(ClaimedRun run, Instant startedAt) {
        listener.runStarted(run, startedAt);
    }

    /**
     * @param notStarted  the task never ran or was stopped through no fault of its own (its fire lock could not be
     *                    taken or was lost): the fire is retried shortly, whatever the retry policy says
     * @param storedStart the start to record, on the store's clock, when it is later than the claim's (the run
     *                    waited for a thread); null keeps the claim's
     */
    void finished(
            ClaimedRun run,
            Instant startedAt,
            Instant endedAt,
            RunState state,
            Integer exitCode,
            String output,
            String error,
            boolean notStarted,
            Instant storedStart) {
        // A run given back before the instant it was claimed ahead for ends, and is tried again, no earlier than that
        // instant: its retry must not run the fire early.
        if (endedAt.isBefore(startedAt)) endedAt = startedAt;
        Instant retryAt = notStarted
                ? endedAt.plus(NOT_STARTED_RETRY)
                : run.spec()
                        .retry()
                        .retryAt(run.attempt(), state, endedAt, random)
                        .orElse(null);
        Instant nextFireAt = retryAt != null
                ? null
                : SchedulePlanner.nextFire(schedules.get(run.spec()), run.fireAt(), endedAt)
                        .orElse(null);
        unwritten.incrementAndGet();
        unwrittenRuns.add(run.runId());
        queue.add(new RunCompletion(
                run.runId(),
                run.jobId(),
                run.fireAt(),
                nodeId,
                state,
                endedAt,
                exitCode,
                output,
                error,
                retryAt,
                nextFireAt,
                storedStart));
        logOutcome(run, state, Duration.between(startedAt, endedAt), retryAt, error);
        listener.runFinished(run, state, Duration.between(startedAt, endedAt), retryAt, error);
    }

    private static void logOutcome(ClaimedRun run, RunState state, Duration took, Instant retryAt, String error) {
        String retry = retryAt == null ? "" : ", retry at " + retryAt;
        if (state == RunState.SUCCEEDED) {
            log.info(
                    "run {} of job {} (fire {}, attempt {}) SUCCEEDED in {} ms",
                    run.runId(),
                    run.jobId(),
                    run.fireAt(),
                    run.attempt(),
                    took.toMillis());
        } else {
            String firstLine =
                    error == null ? "" : ": " + error.lines().findFirst().orElse("");
            log.warn(
                    "run {} of job {} (fire {}, attempt {}) {} after {} ms{}{}",
                    run.runId(),
                    run.jobId(),
                    run.fireAt(),
                    run.attempt(),
                    state,
                    took.toMillis(),
                    firstLine,
                    retry);
        }
    }

    /** The runs whose outcomes were handed over but not yet committed: still RUNNING in the store, and ours. */
    Set<Long> unwrittenRuns() {
        return Set.copyOf(unwrittenRuns);
    }

    /** Outcomes handed over but not yet committed. */
    int unwritten() {
        return unwritten.get();
    }

    /** Writes everything handed over so far, waiting up to {@code timeout}; then stops the writer. */
    void stop(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unwritten.get() > 0 && System.nanoTime() < deadline) {
            sleep(20);
        }
        stopping = true;
        writer.interrupt();
        if (unwritten.get() > 0) {
            log.error(
                    "{} run outcomes could not be written before stopping; those runs will be recovered as ABANDONED on the next start",
                    unwritten.get());
        }
    }

    private void writeLoop() {
        List<RunCompletion> batch = new ArrayList<>(BATCH);
        long backoffMs = 200;
        while (!stopping || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    RunCompletion first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) continue;
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                int accepted = store.complete(batch);
                if (accepted < batch.size()) {
                    log.warn(
                            "{} of {} run outcomes were refused: those runs had been declared ABANDONED (this node's lease had lapsed)",
                            batch.size() - accepted,
                            batch.size());
                }
                unwritten.addAndGet(-batch.size());
                for (RunCompletion done : batch) unwrittenRuns.remove(done.runId());
                batch.clear();
                backoffMs = 200;
                afterWrite.run();
            } catch (InterruptedException e) {
                if (stopping) return;
            } catch (RuntimeException e) {
                log.error(
                        "could not record {} run outcomes, retrying in {} ms: {}",
                        batch.size(),
                        backoffMs,
                        e.getMessage());
                if (stopping) return;
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
