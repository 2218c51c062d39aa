package io.jobwarden.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupSlotsTest {
    private static final Map<String, GroupSpec> GROUPS = Map.of("default", new GroupSpec("default", 2, 5));

    @Test
    void withoutAMeasuredRunAGroupClaimsNoMoreThanItsThreads() {
        GroupSlots<String> slots = new GroupSlots<>(GROUPS, Duration.ofMillis(100));
        assertThat(slots.free()).containsEntry("default", 2);
        assertThat(slots.takeOrWait("default", "a")).isTrue();
        assertThat(slots.takeOrWait("default", "b")).isTrue();
        assertThat(slots.free()).containsEntry("default", 0);
    }

    @Test
    void shortRunsGetALineOfWhatTheThreadsStartWithinTheHorizon() {
        GroupSlots<String> slots = new GroupSlots<>(GROUPS, Duration.ofMillis(100));
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
        GroupSlots<String> slots = new GroupSlots<>(GROUPS, Duration.ofMillis(100));
        slots.ran("default", Duration.ofSeconds(5).toNanos());
        assertThat(slots.free()).containsEntry("default", 2);
    }

    @Test
    void aSteppedNodeWithNoHorizonHasNoLine() {
        GroupSlots<String> slots = new GroupSlots<>(GROUPS, Duration.ZERO);
        slots.ran("default", 1);
        assertThat(slots.free()).containsEntry("default", 2);
    }

    @Test
    void aFreedThreadTakesTheNextInLineInOrderAndIsGivenBackWhenTheLineIsEmpty() {
        GroupSlots<String> slots = new GroupSlots<>(GROUPS, Duration.ofMillis(100));
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
        GroupSlots<String> slots = new GroupSlots<>(GROUPS, Duration.ofMillis(100));
        slots.ran("default", Duration.ofMillis(20).toNanos()); // line of 10
        for (int i = 0; i < 8; i++) slots.takeOrWait("default", "r" + i); // 2 running, 6 waiting
        assertThat(slots.free()).containsEntry("default", 0);
        slots.next("default"); // 5 waiting: half the line
        assertThat(slots.free()).containsEntry("default", 5);
    }

    @Test
    void aWithdrawnRunNeverStarts() {
        GroupSlots<String> slots = new GroupSlots<>(GROUPS, Duration.ofMillis(100));
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
        GroupSlots<String> slots = new GroupSlots<>(GROUPS, Duration.ofMillis(100));
        for (int i = 0; i < 5; i++)
            assertThat(slots.takeOrWait("other", "r" + i)).isTrue();
        assertThat(slots.next("other")).isNull();
    }
}
