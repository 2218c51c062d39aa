package io.jobwarden.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The hand-written reading of {@code @at} instants agrees with {@link OffsetDateTime#parse} on every text it reads,
 * and reads every text of the common form that is valid.
 */
class IsoInstantParserProperties {
    /** The form {@link IsoInstantParser#common} is meant to read, fields unchecked. */
    private static final Pattern COMMON =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d{1,9})?)?(Z|[+-]\\d\\d:\\d\\d)");

    @Property(tries = 5000)
    void readsWhatTheGeneralParserReadsAndNothingElse(@ForAll("dateTimes") String text) {
        Instant general;
        try {
            general = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            Statistics.collect("invalid");
            assertThat(IsoInstantParser.common(text)).as(text).isNull();
            assertThatThrownBy(() -> IsoInstantParser.parse(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        Instant common = IsoInstantParser.common(text);
        Statistics.collect(common == null ? "valid, left to the general parser" : "valid, read by hand");
        if (common != null) assertThat(common).as(text).isEqualTo(general);
        else
            assertThat(COMMON.matcher(text).matches() && !text.contains("+18:") && !text.contains("-18:"))
                    .as("a valid text of the common form is read by hand: " + text)
                    .isFalse();
        assertThat(IsoInstantParser.parse(text)).as(text).isEqualTo(general);
    }

    @Example
    void readsTheFormsTheHarnessAndUsersWrite() {
        assertThat(IsoInstantParser.common("2026-12-01T02:00:00+08:00")).isEqualTo("2026-11-30T18:00:00Z");
        assertThat(IsoInstantParser.common("2026-12-03T02:17Z")).isEqualTo("2026-12-03T02:17:00Z");
        assertThat(IsoInstantParser.common("2024-02-29T23:59:59.123456789-05:30"))
                .isEqualTo("2024-03-01T05:29:59.123456789Z");
        assertThat(IsoInstantParser.common("2023-02-29T00:00:00Z")).isNull();
        assertThat(IsoInstantParser.common("2026-12-01t02:00:00z")).isNull();
    }

    /** Mostly the common form with fields a little out of range, plus the other forms ISO-8601 allows, and damage. */
    @Provide
    Arbitrary<String> dateTimes() {
        Arbitrary<String> year = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.integers().between(1960, 2100).map(y -> String.format("%04d", y))),
                Tuple.of(1, Arbitraries.of("0000", "9999", "+10000", "-0001", "999")));
        Arbitrary<String> month = mostlyInRange(1, 12, "00", "13");
        Arbitrary<String> day = mostlyInRange(1, 31, "00", "32");
        Arbitrary<String> hour = mostlyInRange(0, 23, "24", "7");
        Arbitrary<String> minute = mostlyInRange(0, 59, "60", "5");
        Arbitrary<String> seconds = Arbitraries.oneOf(
                Arbitraries.just(""),
                twoDigits(0, 60).map(s -> ":" + s),
                Combinators.combine(
                                twoDigits(0, 59),
                                Arbitraries.strings().numeric().ofMaxLength(11))
                        .as((s, f) -> ":" + s + "." + f));
        Arbitrary<String> offset = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just("Z")),
                Tuple.of(
                        5,
                        Combinators.combine(
                                        Arbitraries.of("+", "-"),
                                        mostlyInRange(0, 17, "18", "19"),
                                        mostlyInRange(0, 59, "60", "5"))
                                .as((sign, h, m) -> sign + h + ":" + m)),
                Tuple.of(
                        2,
                        Arbitraries.of("z", "", "+00:00", "-00:00", "+05", "+0530", "+05:30:15", "+18:00", "-18:00")));
        Arbitrary<String> separator = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("T")),
                Tuple.of(1, Arbitraries.just("t")),
                Tuple.of(1, Arbitraries.just(" ")));
        Arbitrary<String> text = Combinators.combine(year, month, day, separator, hour, minute, seconds, offset)
                .as((y, mo, d, t, h, mi, s, o) -> y + "-" + mo + "-" + d + t + h + ":" + mi + s + o);
        return Arbitraries.oneOf(
                text,
                text.map(IsoInstantParserProperties::damage),
                Arbitraries.strings().withChars("0123456789-:T+Z.").ofMaxLength(30));
    }

    /** Two digits in range nine times in ten, else one of {@code outside}. */
    private static Arbitrary<String> mostlyInRange(int min, int max, String... outside) {
        return Arbitraries.frequencyOf(Tuple.of(9, twoDigits(min, max)), Tuple.of(1, Arbitraries.of(outside)));
    }

    private static Arbitrary<String> twoDigits(int min, int max) {
        return Arbitraries.integers().between(min, max).map(v -> String.format("%02d", v));
    }

    /** Drops one character (the hash of the text picks which), which may leave a shorter valid text or none. */
    private static String damage(String text) {
        int at = Math.floorMod(text.hashCode(), text.length());
        return text.substring(0, at) + text.substring(at + 1);
    }
}
