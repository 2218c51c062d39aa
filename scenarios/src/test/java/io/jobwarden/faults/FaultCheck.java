package io.jobwarden.faults;

import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.RunRecord;
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
 * at the same time. An attempt acted from its first effect to its last.
 */
record FaultCheck(int fires, List<String> lost, List<String> overlappingAttempts, List<String> overlappingRuns) {
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
        byFire.forEach((fire, list) -> pairsOverlapping(list, attempts, fire));

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
                    if (!sorted.get(j).fire.equals(a.fire))
                        queued.add(job + ": " + a.fire + " " + a + " and " + sorted.get(j).fire + " " + sorted.get(j));
                }
            }
        });
        return new FaultCheck(expectedFires.size(), lost, attempts, queued);
    }

    private static void pairsOverlapping(List<Span> list, List<String> out, String fire) {
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                if (list.get(i).overlaps(list.get(j))) out.add(fire + ": " + list.get(i) + " and " + list.get(j));
            }
        }
    }

    boolean clean() {
        return lost.isEmpty() && overlappingAttempts.isEmpty() && overlappingRuns.isEmpty();
    }

    String summary() {
        return String.format(
                "fires %d, lost %d, overlapping attempts %d, overlapping queue runs %d",
                fires, lost.size(), overlappingAttempts.size(), overlappingRuns.size());
    }
}
