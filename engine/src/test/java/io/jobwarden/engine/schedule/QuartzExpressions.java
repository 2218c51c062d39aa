package io.jobwarden.engine.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of valid Quartz expressions mixing every syntax element, and of the instants and zones to test them at. */
final class QuartzExpressions {
    static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private QuartzExpressions() {}

    /** For {@code @ForAll(supplier = ...)}: the zones the oracle properties run in. */
    static final class Zones implements ArbitrarySupplier<ZoneId> {
        @Override
        public Arbitrary<ZoneId> get() {
            return zones();
        }
    }

    /** For {@code @ForAll(supplier = ...)}: whole seconds between 1995 and 2090. */
    static final class Instants implements ArbitrarySupplier<Instant> {
        @Override
        public Arbitrary<Instant> get() {
            return instants();
        }
    }

    static Arbitrary<String> expressions() {
        Arbitrary<List<String>> days = Arbitraries.oneOf(
                dayOfMonth().map(dom -> List.of(dom, "?")), dayOfWeek().map(dow -> List.of("?", dow)));
        return Combinators.combine(numeric(0, 59), numeric(0, 59), numeric(0, 23), days, month(), year())
                .as((s, m, h, d, mon, y) -> String.join(" ", s, m, h, d.get(0), mon, d.get(1)) + y)
                .flatMap(e -> Arbitraries.of(e, e.toLowerCase(Locale.ROOT)));
    }

    static Arbitrary<ZoneId> zones() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(ZoneId.of("UTC"))),
                Tuple.of(2, Arbitraries.just(ZoneId.of("Europe/Berlin"))),
                Tuple.of(2, Arbitraries.just(ZoneId.of("America/New_York"))),
                Tuple.of(2, Arbitraries.just(ZoneId.of("Asia/Shanghai"))),
                Tuple.of(2, Arbitraries.just(ZoneId.of("Australia/Lord_Howe"))));
    }

    /** Whole seconds between 1995 and 2090. */
    static Arbitrary<Instant> instants() {
        return Arbitraries.longs()
                .between(
                        Instant.parse("1995-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("2090-01-01T00:00:00Z").getEpochSecond())
                .map(Instant::ofEpochSecond);
    }

    /** Seconds, minutes or hours: *, values, ranges (also wrapping, 22-2), steps and lists of them. */
    static Arbitrary<String> numeric(int min, int max) {
        Arbitrary<String> element = plainElement(min, max);
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just("*")), Tuple.of(5, element), Tuple.of(2, list(element)));
    }

    private static Arbitrary<String> plainElement(int min, int max) {
        Arbitrary<Integer> value = Arbitraries.integers().between(min, max);
        Arbitrary<String> range = Combinators.combine(value, value).as((a, b) -> a + "-" + b);
        Arbitrary<String> base = Arbitraries.oneOf(Arbitraries.just("*"), value.map(String::valueOf), range);
        Arbitrary<String> step = Combinators.combine(
                        base, Arbitraries.integers().between(1, Math.min(max, 20)))
                .as((b, s) -> b + "/" + s);
        return Arbitraries.oneOf(value.map(String::valueOf), value.map(String::valueOf), range, step);
    }

    private static Arbitrary<String> list(Arbitrary<String> element) {
        return element.list().ofMinSize(2).ofMaxSize(3).map(l -> String.join(",", l));
    }

    static Arbitrary<String> month() {
        Arbitrary<Integer> value = Arbitraries.integers().between(1, 12);
        Arbitrary<String> name = value.map(v -> MONTHS.get(v - 1));
        Arbitrary<String> namedRange = Combinators.combine(name, name).as((a, b) -> a + "-" + b);
        Arbitrary<String> element = Arbitraries.oneOf(plainElement(1, 12), name, namedRange);
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("*")), Tuple.of(3, element), Tuple.of(1, list(element)));
    }

    /** Day-of-month with L, L-n, LW, L-nW and nW, alone or mixed into lists. */
    static Arbitrary<String> dayOfMonth() {
        Arbitrary<Integer> offset = Arbitraries.integers().between(0, 30);
        Arbitrary<String> special = Arbitraries.oneOf(
                Arbitraries.just("L"),
                offset.map(n -> "L-" + n),
                Arbitraries.just("LW"),
                offset.map(n -> "L-" + n + "W"),
                Arbitraries.integers().between(1, 31).map(n -> n + "W"));
        Arbitrary<String> element = Arbitraries.frequencyOf(Tuple.of(3, plainElement(1, 31)), Tuple.of(2, special));
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just("*")), Tuple.of(5, element), Tuple.of(2, list(element)));
    }

    /** Day-of-week, Quartz numbering; nL, n#k and a lone L stand alone, as Quartz requires. */
    static Arbitrary<String> dayOfWeek() {
        Arbitrary<Integer> value = Arbitraries.integers().between(1, 7);
        Arbitrary<String> day = Arbitraries.oneOf(value.map(String::valueOf), value.map(v -> DAYS.get(v - 1)));
        Arbitrary<String> namedRange =
                Combinators.combine(value, value).as((a, b) -> DAYS.get(a - 1) + "-" + DAYS.get(b - 1));
        Arbitrary<String> element = Arbitraries.oneOf(plainElement(1, 7), day, namedRange);
        Arbitrary<String> special = Arbitraries.oneOf(
                Arbitraries.just("L"),
                day.map(d -> d + "L"),
                Combinators.combine(day, Arbitraries.integers().between(1, 5)).as((d, k) -> d + "#" + k));
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just("*")),
                Tuple.of(4, element),
                Tuple.of(2, list(element)),
                Tuple.of(3, special));
    }

    /** The optional seventh field, with a leading space, or nothing. */
    static Arbitrary<String> year() {
        Arbitrary<Integer> value = Arbitraries.integers().between(2020, 2080);
        Arbitrary<String> range = Combinators.combine(value, value).as((a, b) -> Math.min(a, b) + "-" + Math.max(a, b));
        Arbitrary<String> element = Arbitraries.oneOf(
                value.map(String::valueOf),
                range,
                Combinators.combine(value, Arbitraries.integers().between(1, 5)).as((a, s) -> a + "/" + s));
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.just(" *")),
                Tuple.of(2, element.map(e -> " " + e)),
                Tuple.of(
                        1,
                        element.list()
                                .ofMinSize(2)
                                .ofMaxSize(3)
                                .map(l -> " " + l.stream().collect(Collectors.joining(",")))));
    }
}
