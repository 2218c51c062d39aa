package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.quartz.CronExpression;

/**
 * The DST rule of docs/semantics.md checked against a brute-force model, minute by minute around real transitions: the
 * model reads wall-clock times with Quartz in UTC (where no DST can confuse it) and applies the rule literally.
 */
class DstRuleProperties {
    private static final Duration WINDOW = Duration.ofHours(5);

    @Property(tries = 500)
    void firesAroundTransitionsFollowTheRule(
            @ForAll("zones") ZoneId zone,
            @ForAll @IntRange(min = 2020, max = 2040) int year,
            @ForAll boolean secondOfYear,
            @ForAll("minutes") String minutes,
            @ForAll("hours") String hours)
            throws ParseException {
        String expression = "0 " + minutes + " " + hours + " * * ?";
        ZoneRules rules = zone.getRules();
        ZoneOffsetTransition transition = rules.nextTransition(Instant.parse(year + "-01-01T00:00:00Z"));
        if (secondOfYear) transition = rules.nextTransition(transition.getInstant());
        boolean repeats = hours.contains("*") || hours.contains("/");
        CronExpression wallClock = new CronExpression(expression);
        wallClock.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));

        Instant from = transition.getInstant().minus(WINDOW);
        Instant until = transition.getInstant().plus(WINDOW);
        TreeSet<Instant> expected = new TreeSet<>();
        for (Instant t = from; t.isBefore(until); t = t.plusSeconds(60)) {
            ZonedDateTime local = t.atZone(zone);
            boolean firstOccurrence =
                    rules.getValidOffsets(local.toLocalDateTime()).get(0).equals(local.getOffset());
            if (matches(wallClock, local.toLocalDateTime()) && (repeats || firstOccurrence)) expected.add(t);
        }
        if (!repeats && transition.isGap()) {
            LocalDateTime gapEnd = transition.getDateTimeAfter();
            for (LocalDateTime l = transition.getDateTimeBefore(); l.isBefore(gapEnd); l = l.plusMinutes(1)) {
                if (matches(wallClock, l)) expected.add(transition.getInstant());
            }
        }

        Schedule schedule = Schedules.parse(expression, zone);
        List<Instant> actual = new ArrayList<>();
        for (Instant t = schedule.nextAfter(from.minusSeconds(1)).orElseThrow();
                t.isBefore(until);
                t = schedule.nextAfter(t).orElseThrow()) {
            actual.add(t);
        }
        assertThat(actual)
                .as("%s in %s around %s", expression, zone, transition)
                .containsExactlyElementsOf(expected);
        Statistics.label("transition")
                .collect(transition.isGap() ? "gap" : "overlap", repeats ? "repeating hour" : "fixed hour");
    }

    private static boolean matches(CronExpression wallClock, LocalDateTime local) {
        return wallClock.isSatisfiedBy(Date.from(local.toInstant(ZoneOffset.UTC)));
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(
                ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneId.of("Australia/Lord_Howe"));
    }

    /** Hours around the usual transition times (1 to 3 a.m.), fixed and repeating. */
    @Provide
    Arbitrary<String> hours() {
        Arbitrary<Integer> early = Arbitraries.integers().between(0, 4);
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just("*")),
                Tuple.of(2, Arbitraries.integers().between(1, 3).map(s -> "*/" + s)),
                Tuple.of(
                        1,
                        Combinators.combine(early, Arbitraries.integers().between(1, 3))
                                .as((a, s) -> a + "/" + s)),
                Tuple.of(4, early.map(String::valueOf)),
                Tuple.of(2, Combinators.combine(early, early).as((a, b) -> a + "," + b)),
                Tuple.of(1, Combinators.combine(early, early).as((a, b) -> Math.min(a, b) + "-" + Math.max(a, b))));
    }

    @Provide
    Arbitrary<String> minutes() {
        Arbitrary<Integer> minute = Arbitraries.integers().between(0, 59);
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("*")),
                Tuple.of(3, minute.map(String::valueOf)),
                Tuple.of(2, Arbitraries.of(0, 15, 20, 30).map(s -> s == 0 ? "0" : "*/" + s)),
                Tuple.of(2, Combinators.combine(minute, minute).as((a, b) -> a + "," + b)));
    }
}
