package io.jobwarden.engine.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * 5-field (Unix) expressions against the equivalent Quartz expressions: seconds 0, day-of-week numbers moved from
 * Unix (0/7 = SUN) to Quartz (1 = SUN), and, when both day fields are restricted (the Vixie either-matches rule),
 * the earlier of two Quartz expressions, one per day field.
 */
class UnixOracleProperties {
    private static final int FIRES_FOLLOWED = 3;

    /** A Unix expression and the Quartz expressions whose earliest next fire is its next fire. */
    record UnixCase(String unix, List<String> quartz) {}

    /** A Unix day-of-week field and the same days in Quartz numbering. */
    record DayOfWeek(String unix, String quartz) {}

    @Property(tries = 3000)
    void nextFireMatchesQuartzEquivalent(
            @ForAll("unixCases") UnixCase unixCase,
            @ForAll(supplier = QuartzExpressions.Zones.class) ZoneId zone,
            @ForAll(supplier = QuartzExpressions.Instants.class) Instant start) {
        Schedule ours = Schedules.parse(unixCase.unix(), zone);
        List<QuartzOracle> quartz =
                unixCase.quartz().stream().map(q -> new QuartzOracle(q, zone)).toList();
        Instant after = start;
        QuartzOracle.Outcome first = null;
        for (int i = 0; i < FIRES_FOLLOWED; i++) {
            Optional<Instant> mine = ours.nextAfter(after);
            Instant from = after;
            Optional<Instant> theirs = quartz.stream()
                    .map(q -> q.next(from))
                    .flatMap(Optional::stream)
                    .min(Instant::compareTo);
            QuartzOracle.Outcome outcome = quartz.get(0).judge(ours, after, mine, theirs);
            if (first == null) first = outcome;
            if (mine.isEmpty()) break;
            after = mine.get();
        }
        Statistics.label("first comparison").collect(first);
        Statistics.label("day rule").collect(unixCase.quartz().size() == 2 ? "either matches" : "one day field");
        Statistics.label("first comparison")
                .coverage(c -> c.check(QuartzOracle.Outcome.AGREED).percentage(p -> p > 60));
        Statistics.label("day rule").coverage(c -> c.check("either matches").percentage(p -> p > 15));
    }

    @Provide
    Arbitrary<UnixCase> unixCases() {
        Arbitrary<String> dayOfMonth = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just("*")),
                Tuple.of(1, Arbitraries.integers().between(2, 10).map(s -> "*/" + s)),
                Tuple.of(4, QuartzExpressions.numeric(1, 31).filter(f -> !f.startsWith("*"))));
        return Combinators.combine(
                        QuartzExpressions.numeric(0, 59),
                        QuartzExpressions.numeric(0, 23),
                        dayOfMonth,
                        QuartzExpressions.month(),
                        dayOfWeek())
                .as(UnixOracleProperties::unixCase)
                .filter(c -> c != null);
    }

    /** Null when both day fields are restricted but one starts with '*': Vixie ANDs them, Quartz cannot say that. */
    private static UnixCase unixCase(String minute, String hour, String dom, String month, DayOfWeek dow) {
        String unix = String.join(" ", minute, hour, dom, month, dow.unix());
        String prefix = "0 " + minute + " " + hour + " ";
        String byMonthDay = prefix + dom + " " + month + " ?";
        String byWeekDay = prefix + "? " + month + " " + dow.quartz();
        if (dom.equals("*")) return new UnixCase(unix, List.of(byWeekDay));
        if (dow.unix().equals("*")) return new UnixCase(unix, List.of(byMonthDay));
        if (dom.startsWith("*") || dow.unix().startsWith("*")) return null;
        return new UnixCase(unix, List.of(byMonthDay, byWeekDay));
    }

    /** Unix day-of-week elements (0-7, names, ranges, steps), with the Quartz list of the same days. */
    private static Arbitrary<DayOfWeek> dayOfWeek() {
        Arbitrary<Integer> day = Arbitraries.integers().between(0, 7);
        Arbitrary<Integer> step = Arbitraries.integers().between(1, 4);
        Arbitrary<DayOfWeek> single = day.map(d -> new DayOfWeek(String.valueOf(d), quartzDays(d, d, 1)));
        Arbitrary<DayOfWeek> name = Arbitraries.integers()
                .between(0, 6)
                .map(d -> new DayOfWeek(QuartzExpressions.DAYS.get(d).toLowerCase(), quartzDays(d, d, 1)));
        Arbitrary<DayOfWeek> range = Combinators.combine(day, day, step).as((a, b, s) -> {
            int from = Math.min(a, b);
            int to = Math.max(a, b);
            return new DayOfWeek(from + "-" + to + (s == 1 ? "" : "/" + s), quartzDays(from, to, s));
        });
        Arbitrary<DayOfWeek> stepped =
                Combinators.combine(day, step).as((a, s) -> new DayOfWeek(a + "/" + s, quartzDays(a, 7, s)));
        Arbitrary<DayOfWeek> element = Arbitraries.oneOf(single, name, range, stepped);
        Arbitrary<DayOfWeek> list = element.list()
                .ofMinSize(2)
                .ofMaxSize(3)
                .map(l -> new DayOfWeek(
                        l.stream().map(DayOfWeek::unix).collect(Collectors.joining(",")),
                        merge(l.stream().map(DayOfWeek::quartz).toList())));
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(new DayOfWeek("*", "*"))),
                Tuple.of(1, step.filter(s -> s > 1).map(s -> new DayOfWeek("*/" + s, quartzDays(0, 7, s)))),
                Tuple.of(4, element),
                Tuple.of(2, list));
    }

    /** Unix days from..to by step, as a Quartz list (Unix 0 and 7 are Quartz 1). */
    private static String quartzDays(int from, int to, int step) {
        List<Integer> days = new ArrayList<>();
        for (int d = from; d <= to; d += step) days.add(d % 7 + 1);
        return merge(days.stream().map(String::valueOf).toList());
    }

    private static String merge(List<String> lists) {
        TreeSet<Integer> days = new TreeSet<>();
        for (String list : lists) {
            for (String d : list.split(",")) days.add(Integer.parseInt(d));
        }
        return days.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
