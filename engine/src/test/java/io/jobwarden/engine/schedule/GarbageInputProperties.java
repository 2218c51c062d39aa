package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/** No input string makes parsing throw anything but a ScheduleException, nor a parsed schedule throw at all. */
class GarbageInputProperties {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Property(tries = 4000)
    void onlyScheduleExceptions(@ForAll("garbage") String expression, @ForAll("instants") Instant after) {
        Schedule schedule;
        try {
            schedule = Schedules.parse(expression, BERLIN);
        } catch (ScheduleException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            Statistics.collect("rejected");
            return;
        }
        Statistics.collect("parsed");
        assertThat(schedule.describe()).isNotBlank();
        schedule.nextAfter(after).ifPresent(next -> assertThat(next).isAfter(after));
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> cronish = Arbitraries.strings()
                .withChars("0123456789*?/,-#LWlw@ \tJANFEBMONSUTHRIDEC")
                .ofMaxLength(40);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(30);
        Arbitrary<String> fieldsOfCronish = Arbitraries.strings()
                .withChars("0123456789*?/,-#LW")
                .ofMinLength(1)
                .ofMaxLength(6)
                .list()
                .ofMinSize(4)
                .ofMaxSize(8)
                .map(l -> String.join(" ", l));
        Arbitrary<String> mutatedValid = Combinators.combine(
                        QuartzExpressions.expressions(),
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.of("0123456789*?/,-#LW x".toCharArray()))
                .as((e, at, c) -> {
                    int i = at % (e.length() + 1);
                    return e.substring(0, i) + c + e.substring(Math.min(e.length(), i + 1));
                });
        Arbitrary<String> keyword = Combinators.combine(
                        Arbitraries.of("@every", "@delay", "@at", "@daily", "@hourly", "@", "@EVERY"),
                        Arbitraries.strings().withChars("0123456789msdhT:+-Z .").ofMaxLength(25))
                .as((k, arg) -> k + " " + arg);
        return Arbitraries.frequencyOf(
                Tuple.of(3, cronish),
                Tuple.of(2, anything),
                Tuple.of(3, fieldsOfCronish),
                Tuple.of(4, mutatedValid),
                Tuple.of(2, keyword));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.oneOf(
                QuartzExpressions.instants(),
                Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.parse("2299-12-31T23:59:59Z")));
    }
}
