package io.jobwarden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What a renewal vouches for: the database read its clock somewhere between the call's start and its answer, so the
 * lease it granted can end {@code lease} after the start, however late the answer came. Time is a ticker the test
 * moves; lease 3 s, margin 0.75 s, so the node must stop acting 2.25 s after a renewal began.
 */
class LeaseWatchdogTest {
    private static final Duration LEASE = Duration.ofSeconds(3);

    private final AtomicLong ticker = new AtomicLong(1_000_000_000L);
    private final AtomicInteger fencings = new AtomicInteger();
    private final LeaseWatchdog watchdog = new LeaseWatchdog(LEASE, ticker::get, () -> {
        fencings.incrementAndGet();
        return 0;
    });

    private void advance(Duration d) {
        ticker.addAndGet(d.toNanos());
    }

    @Test
    void aPromptRenewalKeepsTheLeaseUntilLeaseMinusMarginAfterItBegan() {
        long start = watchdog.renewalStarting();
        advance(Duration.ofMillis(20));
        watchdog.renewed(start);
        advance(Duration.ofMillis(2_200));
        assertThat(watchdog.lapsed()).isFalse();
        advance(Duration.ofMillis(30)); // 2.25 s since the renewal began
        assertThat(watchdog.lapsed()).isTrue();
        assertThat(watchdog.check()).isTrue();
        assertThat(fencings).hasValue(1);
    }

    /**
     * The process was paused (SIGSTOP, a long GC) after the database had renewed the lease and before the answer was
     * read; meanwhile the lease ended and another node took the runs over. The answer that comes back after the
     * resume says "renewed", but it vouches for a lease that is already over: no run may take another step on it,
     * not even before the watchdog's own thread has got round to fencing.
     */
    @Test
    void aRenewalWhoseAnswerCameBackAfterTheLeaseCouldHaveEndedVouchesForNothing() {
        long first = watchdog.renewalStarting();
        watchdog.renewed(first);
        advance(Duration.ofMillis(1_000));

        long start = watchdog.renewalStarting();
        advance(Duration.ofSeconds(9)); // paused with the renewal in flight
        watchdog.renewed(start);

        assertThat(watchdog.lapsed()).as("runs read as cancelled at once").isTrue();
        assertThat(watchdog.check()).as("and the watchdog fences").isTrue();
        assertThat(watchdog.fenced()).isTrue();

        // The next renewal, answered promptly, vouches again.
        long next = watchdog.renewalStarting();
        advance(Duration.ofMillis(20));
        watchdog.renewed(next);
        assertThat(watchdog.lapsed()).isFalse();
        assertThat(watchdog.fenced()).isFalse();
    }

    /** A renewal that comes back too late leaves a fenced node fenced: it vouches for nothing. */
    @Test
    void aLateRenewalDoesNotLiftAFence() {
        long first = watchdog.renewalStarting();
        watchdog.renewed(first);
        advance(Duration.ofMillis(2_300));
        assertThat(watchdog.check()).isTrue();

        long start = watchdog.renewalStarting();
        advance(Duration.ofMillis(2_500));
        watchdog.renewed(start);
        assertThat(watchdog.fenced()).isTrue();
        assertThat(watchdog.lapsed()).isTrue();
    }
}
