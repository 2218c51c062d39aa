package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Laws every cron schedule keeps, in every zone and also right at DST transitions (where the Quartz oracle cannot
 * be used): the next fire is a whole second strictly after the search start, and searching from anywhere before
 * it finds the same fire, so no fire is skipped.
 */
class CronScheduleProperties {

    @Property(tries = 3000)
    void searchingFromAnywhereBeforeTheNextFireFindsIt(
            @ForAll("expressions") String expression,
            @ForAll(supplier = QuartzExpressions.Zones.class) ZoneId zone,
            @ForAll("instantsNearTransitions") Instant after,
            @ForAll @DoubleRange(max = 1, maxIncluded = false) double fraction) {
        Schedule schedule = Schedules.parse(expression, zone);
        Optional<Instant> next = schedule.nextAfter(after);
        if (next.isEmpty()) {
            assertThat(schedule.nextAfter(after.plusSeconds(86_400))).isEmpty();
            return;
        }
        assertThat(next.get()).isAfter(after);
        assertThat(next.get().getNano()).isZero();
        long span = Duration.between(after, next.get()).toNanos();
        Instant between = after.plusNanos((long) (span * fraction));
        assertThat(schedule.nextAfter(between)).as("from %s", between).isEqualTo(next);
        assertThat(schedule.nextAfter(next.get().minusNanos(1))).isEqualTo(next);
    }

    @Provide
    Arbitrary<String> expressions() {
        return Arbitraries.oneOf(
                QuartzExpressions.expressions(),
                Arbitraries.of(
                        "0 30 2 * * ?",
                        "0 30 * * * ?",
                        "0 */20 1-3 * * ?",
                        "0 0 2,3 * * ?",
                        "30 2 * * *",
                        "*/30 * 2 * * ?"));
    }

    /** Half the time within three hours of a DST transition of one of the test zones. */
    @Provide
    Arbitrary<Instant> instantsNearTransitions() {
        Arbitrary<Instant> nearTransition = Combinators.combine(
                        QuartzExpressions.instants(),
                        Arbitraries.longs().between(-3 * 3600, 3 * 3600),
                        Arbitraries.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe"))
                .as((t, offset, zone) -> {
                    ZoneOffsetTransition transition = ZoneId.of(zone).getRules().nextTransition(t);
                    return transition == null ? t : transition.getInstant().plusSeconds(offset);
                });
        return Arbitraries.oneOf(QuartzExpressions.instants(), nearTransition);
    }
}
