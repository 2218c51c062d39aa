package io.jobwarden.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The executions of a cluster test grouped by fire, for finding fires that ran twice or not at all. */
final class ExecutionLedger {
    final List<Execution> all;
    final Map<String, List<Execution>> byFire;

    ExecutionLedger(List<Execution> all) {
        this.all = List.copyOf(all);
        this.byFire =
                all.stream().collect(Collectors.groupingBy(Execution::fire, LinkedHashMap::new, Collectors.toList()));
    }

    /** Fires executed more than once, with every execution of each. */
    Map<String, List<Execution>> repeated() {
        Map<String, List<Execution>> out = new TreeMap<>();
        byFire.forEach((fire, runs) -> {
            if (runs.size() > 1) out.put(fire, runs);
        });
        return out;
    }

    /** Fires with two executions of the same attempt: the same attempt ran twice, which no crash excuses. */
    Map<String, List<Execution>> attemptRepeated() {
        Map<String, List<Execution>> out = new TreeMap<>();
        byFire.forEach((fire, runs) -> {
            if (runs.stream().map(Execution::attempt).distinct().count() < runs.size()) out.put(fire, runs);
        });
        return out;
    }

    List<String> missing(Collection<String> expectedFires) {
        List<String> out = new ArrayList<>();
        for (String fire : expectedFires) {
            if (!byFire.containsKey(fire)) out.add(fire);
        }
        return out;
    }

    Map<String, Long> perNode() {
        return all.stream().collect(Collectors.groupingBy(Execution::node, TreeMap::new, Collectors.counting()));
    }
}
