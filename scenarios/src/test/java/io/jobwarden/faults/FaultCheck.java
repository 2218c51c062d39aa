package io.jobwarden.faults;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a trial did, judged from the tasks' own effects and the store's final record: fires of the plan that never
 * reached an outcome, attempts of one fire that acted at the same time, and runs of one {@code queue} job that acted
 * at the same time, and runs that acted before their fire's time (every process here shares the host's clock, the
 * database's too, so a node whose own clock is fast must still start nothing early). An attempt acted from its first
 * effect to its last.
 */
record FaultCheck(
        int fires,
        List<String> lost,
        List<String> overlappingAttempts,
        List<String> overlappingRuns,
        List<String> earlyStarts) {
    /** Ends after which a fire has an outcome; ABANDONED and a failure with retries left are followed by a retry. */
    private static final Set<RunState> OUTCOMES =
            EnumSet.of(RunState.SUCCEEDED, RunState.FAILED, RunState.TIMED_OUT, RunState.CANCELLED, RunState.SKIPPED);

    /** The span of one run's effects, in microseconds of the shared wall clock. */
    record Span(String fire, long runId, int attempt, String node, long from, long to) {
        boolean overlaps(Span o) {
            return from <= o.to && o.from <= to;
        }

        @Override
        public String toString() {
            return "run " + runId + " attempt " + attempt + " on " + node + " [" + from + ".." + to + "]µs";
        }
    }

    static FaultCheck of(
            Collection<String> expectedFires, List<Effect> effects, List<RunRecord> runs, Set<String> queuedJobs) {
        Map<Long, Span> spans = new TreeMap<>();
        for (Effect e : effects) {
            spans.merge(
                    e.runId(),
                    new Span(e.fire(), e.runId(), e.attempt(), e.node(), e.atMicros(), e.atMicros()),
                    (a, b) -> new Span(
                            a.fire, a.runId, a.attempt, a.node, Math.min(a.from, b.from), Math.max(a.to, b.to)));
        }
        Map<Long, List<Effect>> effectsByRun = effects.stream().collect(Collectors.groupingBy(Effect::runId));
        Map<String, List<Span>> byFire = spans.values().stream().collect(Collectors.groupingBy(Span::fire));
        Map<String, List<RunRecord>> runsByFire =
                runs.stream().collect(Collectors.groupingBy(r -> r.jobId() + "@" + r.fireAt()));

        List<String> lost = new ArrayList<>();
        for (String fire : expectedFires) {
            boolean acted = byFire.containsKey(fire);
            boolean ended =
                    runsByFire.getOrDefault(fire, List.of()).stream().anyMatch(r -> OUTCOMES.contains(r.state()));
            if (!acted || !ended)
                lost.add(fire + (acted ? " acted but has no outcome: " + runsByFire.get(fire) : " never acted"));
        }

        List<String> attempts = new ArrayList<>();
        byFire.forEach((fire, list) -> pairsOverlapping(list, attempts, fire, effectsByRun));

        List<String> queued = new ArrayList<>();
        Map<String, List<Span>> byJob = spans.values().stream()
                .filter(s -> queuedJobs.contains(s.fire.substring(0, s.fire.indexOf('@'))))
                .collect(Collectors.groupingBy(s -> s.fire.substring(0, s.fire.indexOf('@'))));
        byJob.forEach((job, list) -> {
            List<Span> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingLong(Span::from));
            for (int i = 0; i + 1 < sorted.size(); i++) {
                Span a = sorted.get(i);
                for (int j = i + 1; j < sorted.size() && sorted.get(j).from <= a.to; j++) {
                    Span b = sorted.get(j);
                    if (!b.fire.equals(a.fire))
                        queued.add(job + ": " + a.fire + " " + a + " and " + b.fire + " " + b
                                + during(a, b, effectsByRun) + during(b, a, effectsByRun));
                }
            }
        });
        List<String> early = new ArrayList<>();
        for (Span s : spans.values()) {
            long due =
                    ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(s.fire.substring(s.fire.indexOf('@') + 1)));
            if (s.from < due) early.add(s.fire + ": " + s + " began " + (due - s.from) / 1000 + " ms early");
        }
        return new FaultCheck(expectedFires.size(), lost, attempts, queued, early);
    }

    private static void pairsOverlapping(
            List<Span> list, List<String> out, String fire, Map<Long, List<Effect>> effectsByRun) {
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                Span a = list.get(i), b = list.get(j);
                if (a.overlaps(b))
                    out.add(fire + ": " + a + " and " + b + during(a, b, effectsByRun) + during(b, a, effectsByRun));
            }
        }
    }

    /**
     * The evidence of an overlap: which effects of {@code a} fell within {@code b}'s span, and when {@code a} had last
     * asked whether it may act before each of them. An effect asked for long before it was made (a process paused
     * between the two) shows a check-then-act race in the task; one asked for within {@code b}'s span shows a run
     * that was told it may act while another acted.
     */
    private static String during(Span a, Span b, Map<Long, List<Effect>> effectsByRun) {
        List<Effect> inside = effectsByRun.getOrDefault(a.runId, List.of()).stream()
                .filter(e -> e.atMicros() >= b.from && e.atMicros() <= b.to)
                .sorted(Comparator.comparingLong(Effect::atMicros))
                .toList();
        if (inside.isEmpty()) return "";
        Effect first = inside.get(0);
        return "; run " + a.runId + " made " + inside.size() + " effect(s) within run " + b.runId
                + "'s span, the first at " + first.atMicros() + "µs, asked at " + first.checkedMicros() + "µs ("
                + (first.atMicros() - first.checkedMicros()) / 1000 + " ms before)";
    }

    boolean clean() {
        return lost.isEmpty() && overlappingAttempts.isEmpty() && overlappingRuns.isEmpty() && earlyStarts.isEmpty();
    }

    String summary() {
        return String.format(
                "fires %d, lost %d, overlapping attempts %d, overlapping queue runs %d, early starts %d",
                fires, lost.size(), overlappingAttempts.size(), overlappingRuns.size(), earlyStarts.size());
    }
}
