package io.jobwarden.bench.ledger;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One process's ledger as values: how many times each fire ran, the window of its runs (epoch ms; MAX/MIN when
 * nothing ran) and, per run, its scheduled instant (epoch ms) and lateness (µs) as consecutive pairs. Written by a
 * node process, read and merged by the harness.
 */
public record LedgerSnapshot(Map<String, Integer> fires, long firstStartMillis, long lastEndMillis, long[] lateness) {

    public long executions() {
        long n = 0;
        for (int c : fires.values()) n += c;
        return n;
    }

    /** Lateness in µs of the runs whose scheduled instant is in [fromMillis, toMillis). */
    public long[] latenessMicros(long fromMillis, long toMillis) {
        long[] out = new long[lateness.length / 2];
        int n = 0;
        for (int i = 0; i < lateness.length; i += 2) {
            if (lateness[i] >= fromMillis && lateness[i] < toMillis) out[n++] = lateness[i + 1];
        }
        return Arrays.copyOf(out, n);
    }

    public void writeTo(Path file) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("window " + firstStartMillis + " " + lastEndMillis + "\n");
            for (Map.Entry<String, Integer> e : fires.entrySet())
                w.write("fire " + e.getValue() + " " + e.getKey() + "\n");
            for (int i = 0; i < lateness.length; i += 2) w.write("late " + lateness[i] + " " + lateness[i + 1] + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ledger " + file, e);
        }
    }

    public static LedgerSnapshot readFrom(Path file) {
        Map<String, Integer> fires = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long[] late = new long[2048];
        int size = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] parts = line.split(" ", 3);
                switch (parts[0]) {
                    case "fire" -> fires.merge(parts[2], Integer.parseInt(parts[1]), Integer::sum);
                    case "late" -> {
                        if (size + 2 > late.length) late = Arrays.copyOf(late, late.length * 2);
                        late[size++] = Long.parseLong(parts[1]);
                        late[size++] = Long.parseLong(parts[2]);
                    }
                    case "window" -> {
                        first = Long.parseLong(parts[1]);
                        last = Long.parseLong(parts[2]);
                    }
                    default -> throw new IllegalStateException("ledger " + file + ": unknown line '" + line + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger " + file, e);
        }
        return new LedgerSnapshot(fires, first, last, Arrays.copyOf(late, size));
    }

    /** The ledgers of several nodes as one: counts add up, windows widen, samples join. */
    public static LedgerSnapshot merge(Iterable<LedgerSnapshot> nodes) {
        Map<String, Integer> fires = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long[] late = new long[0];
        for (LedgerSnapshot n : nodes) {
            n.fires.forEach((k, v) -> fires.merge(k, v, Integer::sum));
            first = Math.min(first, n.firstStartMillis);
            last = Math.max(last, n.lastEndMillis);
            long[] joined = Arrays.copyOf(late, late.length + n.lateness.length);
            System.arraycopy(n.lateness, 0, joined, late.length, n.lateness.length);
            late = joined;
        }
        return new LedgerSnapshot(fires, first, last, late);
    }
}
