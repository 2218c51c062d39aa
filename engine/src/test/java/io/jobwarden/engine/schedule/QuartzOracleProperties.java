package io.jobwarden.engine.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Our next fire equals Quartz's getNextValidTimeAfter over thousands of generated Quartz expressions, instants and
 * zones, following each schedule for a few fires, except where docs/semantics.md says Quartz is wrong.
 */
class QuartzOracleProperties {
    private static final int FIRES_FOLLOWED = 4;

    @Property(tries = 5000)
    void nextFireMatchesQuartz(
            @ForAll("expressions") String expression,
            @ForAll(supplier = QuartzExpressions.Zones.class) ZoneId zone,
            @ForAll(supplier = QuartzExpressions.Instants.class) Instant start) {
        Schedule ours = Schedules.parse(expression, zone);
        QuartzOracle quartz = new QuartzOracle(expression, zone);
        Instant after = start;
        QuartzOracle.Outcome first = null;
        for (int i = 0; i < FIRES_FOLLOWED; i++) {
            Optional<Instant> mine = ours.nextAfter(after);
            QuartzOracle.Outcome outcome = quartz.judge(ours, after, mine, quartz.next(after));
            if (first == null) first = outcome;
            if (mine.isEmpty()) break;
            after = mine.get();
        }
        Statistics.label("first comparison").collect(first);
        Statistics.label("first comparison")
                .coverage(c -> c.check(QuartzOracle.Outcome.AGREED).percentage(p -> p > 60));
        String[] fields = expression.toUpperCase(Locale.ROOT).split(" ");
        String days = fields[3] + " " + fields[5];
        Statistics.label("day syntax")
                .collect(
                        days.contains("W")
                                ? "W"
                                : days.contains("#")
                                        ? "#"
                                        : days.matches(".*(L-|\\dL|[A-Z]L).*")
                                                ? "L-n or nL"
                                                : days.contains("L") ? "L" : "plain");
        Statistics.label("day syntax").coverage(c -> {
            for (String syntax : List.of("W", "#", "L-n or nL", "L", "plain"))
                c.check(syntax).percentage(p -> p > 1);
        });
    }

    @Provide
    Arbitrary<String> expressions() {
        return QuartzExpressions.expressions();
    }
}
