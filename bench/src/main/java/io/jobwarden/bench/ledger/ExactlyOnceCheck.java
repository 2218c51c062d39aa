package io.jobwarden.bench.ledger;

import java.util.Collection;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Judges a run against the fires that should have run: every expected fire exactly once, nothing else. The verdict
 * comes from the ledgers the nodes kept beside their scheduler, never from the scheduler's own bookkeeping.
 *
 * @param expected   fires that should have run
 * @param ran        distinct expected-or-not fires that ran at least once (within scope)
 * @param executions runs counted (within scope)
 * @param duplicates runs beyond the first of a fire
 * @param missing    expected fires that never ran
 * @param unexpected fires that ran but were not expected
 */
public record ExactlyOnceCheck(
        long expected, long ran, long executions, long duplicates, long missing, long unexpected) {

    /**
     * @param inScope which recorded fires are judged (a window of time for repeating jobs); the others are ignored
     */
    public static ExactlyOnceCheck of(
            Collection<String> expectedFires, LedgerSnapshot merged, Predicate<String> inScope) {
        long ran = 0;
        long executions = 0;
        long duplicates = 0;
        long unexpected = 0;
        java.util.Set<String> expected =
                expectedFires instanceof java.util.Set<String> s ? s : new java.util.HashSet<>(expectedFires);
        for (Map.Entry<String, Integer> e : merged.fires().entrySet()) {
            if (!inScope.test(e.getKey())) continue;
            ran++;
            executions += e.getValue();
            duplicates += Math.max(0, e.getValue() - 1);
            if (!expected.contains(e.getKey())) unexpected++;
        }
        long missing = 0;
        for (String fire : expected) {
            if (!merged.fires().containsKey(fire)) missing++;
        }
        return new ExactlyOnceCheck(expected.size(), ran, executions, duplicates, missing, unexpected);
    }

    public static ExactlyOnceCheck of(Collection<String> expectedFires, LedgerSnapshot merged) {
        return of(expectedFires, merged, fire -> true);
    }

    public boolean passed() {
        return duplicates == 0 && missing == 0 && unexpected == 0;
    }

    /** "ok" or what went wrong, in words for the results table. */
    public String verdict() {
        if (passed()) return "ok (" + executions + " runs, 0 duplicates)";
        StringBuilder s = new StringBuilder("FAILED:");
        if (duplicates > 0) s.append(' ').append(duplicates).append(" duplicate runs");
        if (missing > 0)
            s.append(' ').append(missing).append(" of ").append(expected).append(" fires never ran");
        if (unexpected > 0) s.append(' ').append(unexpected).append(" unexpected fires ran");
        return s.toString();
    }
}
