package io.jobwarden.bench.node;

import java.util.ArrayList;
import java.util.List;

/** The benchmark's job ids: {@code job-000001} ... so that every process names the same jobs alike. */
public final class JobIds {
    private JobIds() {}

    public static List<String> of(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) ids.add(String.format("job-%06d", i));
        return ids;
    }
}
