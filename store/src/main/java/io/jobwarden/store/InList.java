package io.jobwarden.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * {@code IN (?, ?, ...)} lists whose length is rounded up to a power of two (the last value repeated), so that a
 * few statement texts serve every batch size and the drivers' statement caches keep working.
 */
final class InList {
    static final int MAX = 512;

    private InList() {}

    static int paddedSize(int n) {
        int size = 1;
        while (size < n) size <<= 1;
        return size;
    }

    static String placeholders(int n) {
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < paddedSize(n); i++) joiner.add("?");
        return joiner.toString();
    }

    /** Binds {@code values} from parameter {@code first}, padding as {@link #placeholders} did; returns the next index. */
    static int bind(PreparedStatement ps, int first, List<String> values) throws SQLException {
        int size = paddedSize(values.size());
        for (int i = 0; i < size; i++) {
            ps.setString(first + i, values.get(Math.min(i, values.size() - 1)));
        }
        return first + size;
    }

    /** Splits {@code values} into lists of at most {@link #MAX}. */
    static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i += MAX) out.add(values.subList(i, Math.min(values.size(), i + MAX)));
        return out;
    }
}
