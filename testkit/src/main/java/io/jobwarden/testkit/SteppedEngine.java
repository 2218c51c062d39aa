package io.jobwarden.testkit;

import io.jobwarden.engine.Jobwarden;
import io.jobwarden.engine.JobwardenBuilder;
import io.jobwarden.engine.SteppedNode;
import java.time.Duration;

/**
 * An engine the test steps instead of one that schedules by itself: nothing fires until the test runs a pass, and a
 * pass sees the time of the builder's clock (a {@link SettableClock}). Runs still run on the engine's threads, so a
 * test waits for them with {@link #awaitIdle()}.
 *
 * <pre>{@code
 * SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
 * try (SteppedEngine engine = SteppedEngine.start(Jobwarden.builder(store).clock(clock).task(...))) {
 *     clock.advance(Duration.ofMinutes(5));
 *     engine.passAndAwaitIdle();
 * }
 * }</pre>
 */
public final class SteppedEngine implements AutoCloseable {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);

    private final SteppedNode node;

    private SteppedEngine(SteppedNode node) {
        this.node = node;
    }

    /** Starts the node as {@link JobwardenBuilder#start()} does (config jobs written, outcomes recorded), but idle. */
    public static SteppedEngine start(JobwardenBuilder builder) {
        return new SteppedEngine(builder.startStepped());
    }

    public Jobwarden engine() {
        return node.engine();
    }

    /** One scheduler pass on this thread at the clock's time; the runs it starts go on after it returns. */
    public void pass() {
        node.pass();
    }

    /** Runs in progress plus outcomes not yet written to the store. */
    public int busy() {
        return node.busy();
    }

    /** Waits until every run started so far has ended and been recorded; fails after 20 seconds. */
    public void awaitIdle() {
        awaitBusy(0, IDLE_TIMEOUT);
    }

    /** Waits until exactly {@code runs} runs are in progress or unrecorded, e.g. one that blocks; fails after timeout. */
    public void awaitBusy(int runs, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (node.busy() != runs) {
            if (System.nanoTime() > deadline)
                throw new AssertionError(
                        "the engine stayed at " + node.busy() + " busy runs, not " + runs + ", for " + timeout);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the engine", e);
            }
        }
    }

    public void passAndAwaitIdle() {
        pass();
        awaitIdle();
    }

    /** Stops the engine as {@link Jobwarden#stop()} does. */
    @Override
    public void close() {
        node.engine().stop();
    }
}
