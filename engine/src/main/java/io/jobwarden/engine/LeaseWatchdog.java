package io.jobwarden.engine;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-fencing (docs/semantics.md#cluster). Counts, on this process's monotonic clock, the time since the lease was
 * last renewed, and once {@code lease - margin} has passed stops claiming and cancels every run, so that they are
 * stopped before the lease can have expired on the database's clock and another node retries them. It runs on a
 * thread of its own because the scheduling thread, which renews the lease, may be the one stuck in a JDBC call.
 *
 * <p>A renewal counts from the moment its call began, not from its answer: the database read its clock somewhere in
 * between, so the lease it granted cannot end before {@code start + lease}.
 */
final class LeaseWatchdog {
    private static final Logger log = LoggerFactory.getLogger(LeaseWatchdog.class);
    /** Time left for cancelling before the lease ends: a shell tree gets SIGTERM, 3 s, then SIGKILL. */
    static final Duration MAX_MARGIN = Duration.ofSeconds(5);

    private final LongSupplier ticker;
    private final long fenceAfterNanos;
    private final IntSupplier fence;
    private final Object monitor = new Object();
    private volatile long lastRenewalStart;
    private volatile boolean renewedOnce;
    private volatile boolean fenced;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param ticker monotonic nanoseconds ({@code System::nanoTime}); tests pass one they move
     * @param fence  cancels every run and returns how many; called once per fencing, on the watchdog's thread (claiming
     *               stops because {@link #fenced()} says so)
     */
    LeaseWatchdog(Duration lease, LongSupplier ticker, IntSupplier fence) {
        this.ticker = ticker;
        this.fence = fence;
        this.fenceAfterNanos = lease.minus(margin(lease)).toNanos();
    }

    /** A quarter of the lease, at most {@link #MAX_MARGIN}: a short test lease still leaves most of it for renewing. */
    static Duration margin(Duration lease) {
        Duration quarter = lease.dividedBy(4);
        return quarter.compareTo(MAX_MARGIN) < 0 ? quarter : MAX_MARGIN;
    }

    /** Taken just before a renewal is sent; hand it to {@link #renewed(long)} when the renewal succeeded. */
    long renewalStarting() {
        return ticker.getAsLong();
    }

    /**
     * The lease was renewed by a call that began at {@code startTick}; claiming may resume. Unless its answer came back
     * so late that the lease it granted may already be over (the process was paused, or the call stalled, after the
     * database read its clock): such a renewal leaves the node lapsed, and fenced if it was, until a prompt one.
     */
    void renewed(long startTick) {
        lastRenewalStart = startTick;
        renewedOnce = true;
        long took = ticker.getAsLong() - startTick;
        if (took >= fenceAfterNanos) {
            log.warn(
                    "a lease renewal came back {} after it began, too late to vouch for the lease it granted;"
                            + " this node's runs stay cancelled and it claims nothing until a prompt renewal",
                    Durations.format(Duration.ofMillis(took / 1_000_000)));
            return;
        }
        if (fenced) {
            fenced = false;
            log.warn("lease renewed again; this node claims again");
        }
    }

    boolean fenced() {
        return fenced;
    }

    /**
     * True once the lease can no longer be trusted, read at the moment of asking: a JVM resumed after a pause (SIGSTOP,
     * a long GC) has its task threads running again before this watchdog's thread gets to {@link #check()}, and a
     * task that asks whether it is cancelled must not take one more step in that gap.
     */
    boolean lapsed() {
        // Counted from when the last renewal began, as check() counts: when its answer came back says nothing about
        // when the lease it granted ends (a pause between the database's clock read and the answer).
        return fenced || (renewedOnce && ticker.getAsLong() - lastRenewalStart >= fenceAfterNanos);
    }

    /** Fences when the lease is about to end unrenewed; true if this call fenced. */
    boolean check() {
        if (fenced || !renewedOnce) return false;
        long since = ticker.getAsLong() - lastRenewalStart;
        if (since < fenceAfterNanos) return false;
        fenced = true;
        int cancelled = fence.getAsInt();
        log.error(
                "the lease was last renewed {} ago and could not be renewed since (database unreachable or this"
                        + " node paused); claiming nothing, {} runs cancelled before the lease can expire",
                Durations.format(Duration.ofMillis(since / 1_000_000)),
                cancelled);
        return true;
    }

    void start(Duration checkEvery) {
        running = true;
        thread = new Thread(() -> loop(checkEvery.toMillis()), "jobwarden-lease-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    private void loop(long everyMs) {
        while (running) {
            try {
                check();
            } catch (RuntimeException e) {
                log.error("lease watchdog check failed", e);
            }
            synchronized (monitor) {
                try {
                    if (running) monitor.wait(Math.max(1, everyMs));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
