package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * docs/semantics.md, Vixie cron's DST rule, at real transitions: a fixed hour fires once for a repeated wall-clock time
 * (its first occurrence) and at the first instant after a spring-forward gap; {@code *} and stepped hours fire at
 * every real matching instant, on both passes, and nothing in a gap.
 */
class CronDstTest {
    private static final String BERLIN = "Europe/Berlin";
    private static final String NEW_YORK = "America/New_York";
    private static final String LORD_HOWE = "Australia/Lord_Howe";

    // 2026-03-29: 02:00 CET becomes 03:00 CEST.
    @Test
    void berlinSpringForwardFixedTimeInTheGapFiresAtTheEndOfTheGap() {
        assertThat(Fires.of("0 30 2 * * ?", BERLIN, "2026-03-28T12:00:00+01:00", 2))
                .containsExactly("2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00");
        assertThat(Fires.of("30 2 * * *", BERLIN, "2026-03-28T12:00:00+01:00", 2))
                .containsExactly("2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00");
    }

    @Test
    void berlinSpringForwardSeveralFixedTimesInTheGapFireOnceAfterIt() {
        assertThat(Fires.of("0 0/20 2 * * ?", BERLIN, "2026-03-28T12:00:00+01:00", 4))
                .containsExactly(
                        "2026-03-29T03:00:00+02:00",
                        "2026-03-30T02:00:00+02:00",
                        "2026-03-30T02:20:00+02:00",
                        "2026-03-30T02:40:00+02:00");
    }

    @Test
    void berlinSpringForwardAGapFireAndAFireRightAfterTheGapAreOneFire() {
        assertThat(Fires.of("0 0 2,3 * * ?", BERLIN, "2026-03-28T12:00:00+01:00", 3))
                .containsExactly("2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00", "2026-03-30T03:00:00+02:00");
    }

    @Test
    void berlinSpringForwardGapFireIsFoundWhenTheSearchStartsRightBeforeIt() {
        assertThat(Fires.of("0 30 2 * * ?", BERLIN, "2026-03-29T01:59:59+01:00", 1))
                .containsExactly("2026-03-29T03:00:00+02:00");
        assertThat(Fires.of("0 30 2 * * ?", BERLIN, "2026-03-29T03:00:00+02:00", 1))
                .containsExactly("2026-03-30T02:30:00+02:00");
    }

    @Test
    void berlinSpringForwardEveryHourSkipsTheGap() {
        assertThat(Fires.of("0 30 * * * ?", BERLIN, "2026-03-29T00:00:00+01:00", 4))
                .containsExactly(
                        "2026-03-29T00:30:00+01:00", "2026-03-29T01:30:00+01:00",
                        "2026-03-29T03:30:00+02:00", "2026-03-29T04:30:00+02:00");
    }

    @Test
    void berlinSpringForwardSteppedHourSkipsTheGap() {
        assertThat(Fires.of("0 30 */2 * * ?", BERLIN, "2026-03-29T00:00:00+01:00", 3))
                .containsExactly("2026-03-29T00:30:00+01:00", "2026-03-29T04:30:00+02:00", "2026-03-29T06:30:00+02:00");
        assertThat(Fires.of("0 30 1/2 * * ?", BERLIN, "2026-03-29T00:00:00+01:00", 3))
                .containsExactly("2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00", "2026-03-29T05:30:00+02:00");
    }

    // 2026-10-25: 03:00 CEST becomes 02:00 CET, so 02:00-02:59 happens twice.
    @Test
    void berlinFallBackFixedTimeInTheRepeatedHourFiresOnceAtItsFirstOccurrence() {
        assertThat(Fires.of("0 30 2 * * ?", BERLIN, "2026-10-24T12:00:00+02:00", 2))
                .containsExactly("2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00");
    }

    @Test
    void berlinFallBackFixedHourDoesNotFireOnTheSecondPassWhenTheSearchStartsThere() {
        assertThat(Fires.of("0 30 2 * * ?", BERLIN, "2026-10-25T02:10:00+01:00", 1))
                .containsExactly("2026-10-26T02:30:00+01:00");
    }

    @Test
    void berlinFallBackFixedHourWithSteppedMinutesFiresOnlyOnTheFirstPass() {
        assertThat(Fires.of("0 */20 2 * * ?", BERLIN, "2026-10-25T00:00:00+02:00", 4))
                .containsExactly(
                        "2026-10-25T02:00:00+02:00",
                        "2026-10-25T02:20:00+02:00",
                        "2026-10-25T02:40:00+02:00",
                        "2026-10-26T02:00:00+01:00");
    }

    @Test
    void berlinFallBackEveryHourFiresOnBothPasses() {
        assertThat(Fires.of("0 30 * * * ?", BERLIN, "2026-10-25T00:00:00+02:00", 5))
                .containsExactly(
                        "2026-10-25T00:30:00+02:00",
                        "2026-10-25T01:30:00+02:00",
                        "2026-10-25T02:30:00+02:00",
                        "2026-10-25T02:30:00+01:00",
                        "2026-10-25T03:30:00+01:00");
    }

    @Test
    void berlinFallBackEveryHourFindsTheSecondPassFromInsideTheFirst() {
        assertThat(Fires.of("0 30 * * * ?", BERLIN, "2026-10-25T02:40:00+02:00", 2))
                .containsExactly("2026-10-25T02:30:00+01:00", "2026-10-25T03:30:00+01:00");
    }

    @Test
    void berlinFallBackSteppedHourFiresOnBothPasses() {
        assertThat(Fires.of("0 30 */2 * * ?", BERLIN, "2026-10-25T00:00:00+02:00", 4))
                .containsExactly(
                        "2026-10-25T00:30:00+02:00",
                        "2026-10-25T02:30:00+02:00",
                        "2026-10-25T02:30:00+01:00",
                        "2026-10-25T04:30:00+01:00");
    }

    // 2026-03-08: 02:00 EST becomes 03:00 EDT.
    @Test
    void newYorkSpringForwardFixedTimeInTheGapFiresAtTheEndOfTheGap() {
        assertThat(Fires.of("0 30 2 * * ?", NEW_YORK, "2026-03-07T12:00:00-05:00", 2))
                .containsExactly("2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00");
    }

    @Test
    void newYorkSpringForwardEveryHourSkipsTheGap() {
        assertThat(Fires.of("0 30 * * * ?", NEW_YORK, "2026-03-08T00:00:00-05:00", 3))
                .containsExactly("2026-03-08T00:30:00-05:00", "2026-03-08T01:30:00-05:00", "2026-03-08T03:30:00-04:00");
    }

    @Test
    void newYorkSpringForwardSteppedHourSkipsTheGap() {
        assertThat(Fires.of("0 30 */2 * * ?", NEW_YORK, "2026-03-08T00:00:00-05:00", 2))
                .containsExactly("2026-03-08T00:30:00-05:00", "2026-03-08T04:30:00-04:00");
    }

    // 2026-11-01: 02:00 EDT becomes 01:00 EST, so 01:00-01:59 happens twice.
    @Test
    void newYorkFallBackFixedTimeInTheRepeatedHourFiresOnceAtItsFirstOccurrence() {
        assertThat(Fires.of("0 30 1 * * ?", NEW_YORK, "2026-10-31T12:00:00-04:00", 2))
                .containsExactly("2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00");
        assertThat(Fires.of("30 1 * * *", NEW_YORK, "2026-10-31T12:00:00-04:00", 2))
                .containsExactly("2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00");
    }

    @Test
    void newYorkFallBackEveryHourFiresOnBothPasses() {
        assertThat(Fires.of("0 30 * * * ?", NEW_YORK, "2026-11-01T00:00:00-04:00", 4))
                .containsExactly(
                        "2026-11-01T00:30:00-04:00",
                        "2026-11-01T01:30:00-04:00",
                        "2026-11-01T01:30:00-05:00",
                        "2026-11-01T02:30:00-05:00");
    }

    @Test
    void newYorkFallBackSteppedHourFiresOnBothPasses() {
        assertThat(Fires.of("0 30 1/2 * * ?", NEW_YORK, "2026-11-01T00:00:00-04:00", 3))
                .containsExactly("2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-01T03:30:00-05:00");
    }

    // Half-hour DST: 2026-04-05 02:00 +11:00 becomes 01:30 +10:30; 2026-10-04 02:00 +10:30 becomes 02:30 +11:00.
    @Test
    void lordHoweHalfHourFixedTimeInTheRepeatedHalfHourFiresOnce() {
        assertThat(Fires.of("0 45 1 * * ?", LORD_HOWE, "2026-04-04T12:00:00+11:00", 2))
                .containsExactly("2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30");
    }

    @Test
    void lordHoweHalfHourEveryHourFiresOnBothPassesOfTheHalfHour() {
        assertThat(Fires.of("0 45 * * * ?", LORD_HOWE, "2026-04-05T00:00:00+11:00", 4))
                .containsExactly(
                        "2026-04-05T00:45:00+11:00",
                        "2026-04-05T01:45:00+11:00",
                        "2026-04-05T01:45:00+10:30",
                        "2026-04-05T02:45:00+10:30");
    }

    @Test
    void lordHoweHalfHourFixedTimeInTheHalfHourGapFiresAfterIt() {
        assertThat(Fires.of("0 15 2 * * ?", LORD_HOWE, "2026-10-03T12:00:00+10:30", 2))
                .containsExactly("2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00");
    }

    @Test
    void lordHoweHalfHourEveryHourSkipsTheHalfHourGap() {
        assertThat(Fires.of("0 15 * * * ?", LORD_HOWE, "2026-10-04T00:00:00+10:30", 3))
                .containsExactly("2026-10-04T00:15:00+10:30", "2026-10-04T01:15:00+10:30", "2026-10-04T03:15:00+11:00");
    }
}
