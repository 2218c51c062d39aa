package io.jobwarden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GroupSlotsTest {
    private static final Map<String, GroupSpec> GROUPS = Map.of("default", new GroupSpec("default", 2, 5));
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    /** Every run due as soon as it is in line. */
    private static GroupSlots<String> slots(Duration horizon) {
        return new GroupSlots<>(GROUPS, horizon, Clock.fixed(NOW, ZoneOffset.UTC), run -> NOW);
    }

    @Test
    void withoutAMeasuredRunAGroupClaimsNoMoreThanItsThreads() {
        GroupSlots<String> slots = slots(Duration.ofMillis(100));
        assertThat(slots.free()).containsEntry("default", 2);
        assertThat(slots.takeOrWait("default", "a")).isTrue();
        assertThat(slots.takeOrWait("default", "b")).isTrue();
        assertThat(slots.free()).containsEntry("default", 0);
    }

    @Test
    void shortRunsGetALineOfWhatTheThreadsStartWithinTheHorizon() {
        GroupSlots<String> slots = slots(Duration.ofMillis(100));
        slots.ran("default", Duration.ofMillis(20).toNanos());
        // 2 threads, 20 ms a run: 10 starts within 100 ms, and the 2 threads themselves.
        assertThat(slots.free()).containsEntry("default", 12);
        // One much shorter run moves the mean an eighth of the way; many take it there, up to the cap.
        slots.ran("default", 1);
        assertThat(slots.free()).containsEntry("default", 2 + 11); // mean 17.5 ms: 2 threads x 5.7 rounds
        for (int i = 0; i < 200; i++) slots.ran("default", 1);
        assertThat(slots.free()).containsEntry("default", 2 + 2 * GroupSlots.MAX_ROUNDS);
    }

    @Test
    void runsLongerThanTheHorizonGetNoLine() {
        GroupSlots<String> slots = slots(Duration.ofMillis(100));
        slots.ran("default", Duration.ofSeconds(5).toNanos());
        assertThat(slots.free()).containsEntry("default", 2);
    }

    @Test
    void aSteppedNodeWithNoHorizonHasNoLine() {
        GroupSlots<String> slots = slots(Duration.ZERO);
        slots.ran("default", 1);
        assertThat(slots.free()).containsEntry("default", 2);
    }

    @Test
    void aFreedThreadTakesTheNextInLineInOrderAndIsGivenBackWhenTheLineIsEmpty() {
        GroupSlots<String> slots = slots(Duration.ofMillis(100));
        slots.ran("default", Duration.ofMillis(20).toNanos());
        assertThat(slots.takeOrWait("default", "a")).isTrue();
        assertThat(slots.takeOrWait("default", "b")).isTrue();
        assertThat(slots.takeOrWait("default", "c")).isFalse();
        assertThat(slots.takeOrWait("default", "d")).isFalse();
        assertThat(slots.waiting()).isEqualTo(2);
        assertThat(slots.next("default")).isEqualTo("c");
        assertThat(slots.next("default")).isEqualTo("d");
        assertThat(slots.next("default")).isNull();
        assertThat(slots.next("default")).isNull();
        // Both threads given back: two runs start at once again.
        assertThat(slots.takeOrWait("default", "e")).isTrue();
        assertThat(slots.takeOrWait("default", "f")).isTrue();
    }

    @Test
    void aLineMoreThanHalfFullDrainsBeforeTheNextClaim() {
        GroupSlots<String> slots = slots(Duration.ofMillis(100));
        slots.ran("default", Duration.ofMillis(20).toNanos()); // line of 10
        for (int i = 0; i < 8; i++) slots.takeOrWait("default", "r" + i); // 2 running, 6 waiting
        assertThat(slots.free()).containsEntry("default", 0);
        slots.next("default"); // 5 waiting: half the line
        assertThat(slots.free()).containsEntry("default", 5);
    }

    @Test
    void runsWaitingForTheirInstantDoNotHoldTheNextClaimBack() {
        Map<String, GroupSpec> ten = Map.of("default", new GroupSpec("default", 10, 5));
        // Runs named "ahead-…" were claimed for the next second; the others are due.
        AtomicReference<Instant> nextSecond = new AtomicReference<>(NOW.plusSeconds(1));
        GroupSlots<String> slots = new GroupSlots<>(
                ten,
                Duration.ofMillis(100),
                Clock.fixed(NOW, ZoneOffset.UTC),
                run -> run.startsWith("ahead") ? nextSecond.get() : NOW);
        for (int i = 0; i < 200; i++) slots.ran("default", 1); // runs of next to nothing: a line of 1,000
        for (int i = 0; i < 760; i++) slots.takeOrWait("default", "ahead-" + i); // 10 on threads, 750 in line

        // Three quarters of the line wait for an instant no run reaches sooner: the rest of it can be claimed now.
        assertThat(slots.free()).containsEntry("default", 250);
        slots.takeOrWait("default", "ahead-760");
        for (int i = 0; i < 249; i++) slots.takeOrWait("default", "ahead-" + (761 + i));
        assertThat(slots.free()).containsEntry("default", 0);

        // Once their instant has come, the same line is due, and more than half full: it drains first.
        nextSecond.set(NOW);
        slots.next("default");
        assertThat(slots.free()).containsEntry("default", 0);
    }

    @Test
    void dueRunsInLineStillHoldTheClaimBackBesideOnesThatWait() {
        Map<String, GroupSpec> ten = Map.of("default", new GroupSpec("default", 10, 5));
        GroupSlots<String> slots = new GroupSlots<>(
                ten,
                Duration.ofMillis(100),
                Clock.fixed(NOW, ZoneOffset.UTC),
                run -> run.startsWith("ahead") ? NOW.plusSeconds(1) : NOW);
        for (int i = 0; i < 200; i++) slots.ran("default", 1);
        for (int i = 0; i < 10; i++) slots.takeOrWait("default", "running-" + i);
        for (int i = 0; i < 501; i++) slots.takeOrWait("default", "due-" + i);
        for (int i = 0; i < 100; i++) slots.takeOrWait("default", "ahead-" + i);

        assertThat(slots.free()).containsEntry("default", 0);
    }

    @Test
    void aWithdrawnRunNeverStarts() {
        GroupSlots<String> slots = slots(Duration.ofMillis(100));
        slots.ran("default", Duration.ofMillis(20).toNanos());
        slots.takeOrWait("default", "a");
        slots.takeOrWait("default", "b");
        slots.takeOrWait("default", "c");
        assertThat(slots.withdraw("default", "c")).isTrue();
        assertThat(slots.withdraw("default", "c")).isFalse();
        assertThat(slots.next("default")).isNull();
    }

    @Test
    void aGroupItDoesNotKnowHasNoLimit() {
        GroupSlots<String> slots = slots(Duration.ofMillis(100));
        for (int i = 0; i < 5; i++)
            assertThat(slots.takeOrWait("other", "r" + i)).isTrue();
        assertThat(slots.next("other")).isNull();
    }
}
