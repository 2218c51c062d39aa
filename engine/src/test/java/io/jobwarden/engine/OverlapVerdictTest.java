package io.jobwarden.engine;

import static io.jobwarden.engine.OverlapPolicy.Verdict.SKIP;
import static io.jobwarden.engine.OverlapPolicy.Verdict.START;
import static io.jobwarden.engine.OverlapPolicy.Verdict.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One test per clause of the rule in {@link OverlapPolicy}'s javadoc. */
class OverlapVerdictTest {
    private static final Instant STARTED = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant DURING = STARTED.plusSeconds(5);
    private static final Instant BEFORE = STARTED.minusSeconds(5);

    @Test
    void withNothingRunningEveryPolicyStarts() {
        for (OverlapPolicy p : OverlapPolicy.values())
            assertThat(p.decide(DURING, null)).as(p.name()).isEqualTo(START);
    }

    @Test
    void skipSkipsAFireThatCameDueWhileTheRunRan() {
        assertThat(OverlapPolicy.SKIP.decide(DURING, STARTED)).isEqualTo(SKIP);
        assertThat(OverlapPolicy.SKIP.decide(STARTED, STARTED))
                .as("due the instant it started")
                .isEqualTo(SKIP);
    }

    @Test
    void queueKeepsAFireThatCameDueWhileTheRunRanWaiting() {
        assertThat(OverlapPolicy.QUEUE.decide(DURING, STARTED)).isEqualTo(WAIT);
    }

    @Test
    void allowStartsBesideTheRunningOne() {
        assertThat(OverlapPolicy.ALLOW.decide(DURING, STARTED)).isEqualTo(START);
        assertThat(OverlapPolicy.ALLOW.decide(BEFORE, STARTED)).isEqualTo(START);
    }

    @Test
    void aFireDueBeforeTheRunStartedIsNotAnOverlapSoItIsNeverSkipped() {
        assertThat(OverlapPolicy.SKIP.decide(BEFORE, STARTED)).isEqualTo(WAIT);
        assertThat(OverlapPolicy.QUEUE.decide(BEFORE, STARTED)).isEqualTo(WAIT);
    }

    @Test
    void queueKeepsAtMostMaxQueuedOrdinaryFiresAndSkipsTheOldestBeyond() {
        assertThat(OverlapPolicy.QUEUE.queueOverflow(100, 100)).isZero();
        assertThat(OverlapPolicy.QUEUE.queueOverflow(103, 100)).isEqualTo(3);
        assertThat(OverlapPolicy.SKIP.queueOverflow(103, 100))
                .as("only queue waits in line")
                .isZero();
        assertThat(OverlapPolicy.ALLOW.queueOverflow(103, 100)).isZero();
        assertThat(OverlapPolicy.queueFullNote(100)).isEqualTo("queue full: max-queued 100");
    }
}
