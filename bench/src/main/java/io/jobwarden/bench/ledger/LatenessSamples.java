package io.jobwarden.bench.ledger;

import java.util.Arrays;

/**
 * A growing list of (scheduled instant in epoch ms, lateness in microseconds) pairs, kept apart so that a window of
 * scheduled time can be judged on its own. Appends are short and rare enough to take a lock.
 */
final class LatenessSamples {
    private long[] pairs = new long[2048];
    private int size;

    synchronized void add(long scheduledMillis, long latenessMicros) {
        if (size + 2 > pairs.length) pairs = Arrays.copyOf(pairs, pairs.length * 2);
        pairs[size++] = scheduledMillis;
        pairs[size++] = latenessMicros;
    }

    synchronized long[] toArray() {
        return Arrays.copyOf(pairs, size);
    }
}
