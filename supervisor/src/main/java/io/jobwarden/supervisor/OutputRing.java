package io.jobwarden.supervisor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last lines a worker printed, for its crash report. Bounded, because the supervisor runs in a tiny heap. */
final class OutputRing {
    static final int DEFAULT_LINES = 200;
    static final int MAX_LINE_CHARS = 4000;

    private final int capacity;
    private final Deque<String> lines;

    OutputRing(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) lines.removeFirst();
        lines.addLast(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + " [cut]" : line);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
