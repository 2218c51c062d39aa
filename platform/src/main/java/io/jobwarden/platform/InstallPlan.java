package io.jobwarden.platform;

import java.util.List;
import java.util.stream.Collectors;

/** The ordered changes that register (or remove) one service on one platform. */
public record InstallPlan(String title, List<PlanStep> steps) {
    public InstallPlan {
        steps = List.copyOf(steps);
    }

    public <T extends PlanStep> List<T> steps(Class<T> type) {
        return steps.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The text {@code --dry-run} prints. */
    public String render() {
        StringBuilder out = new StringBuilder(title).append('\n');
        int i = 1;
        for (PlanStep step : steps) {
            String[] lines = step.describe().split("\n", -1);
            out.append(i++).append(". ").append(lines[0]).append('\n');
            for (int l = 1; l < lines.length; l++) {
                if (l == lines.length - 1 && lines[l].isEmpty()) break;
                out.append("   ").append(lines[l]).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return steps.stream().map(PlanStep::describe).collect(Collectors.joining("\n"));
    }
}
