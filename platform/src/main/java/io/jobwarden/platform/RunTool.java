package io.jobwarden.platform;

import java.util.List;

/**
 * Runs a service manager's command line tool.
 *
 * @param mayFail true for clean-up steps whose failure changes nothing (resetting a unit that has no failure)
 */
public record RunTool(List<String> argv, boolean mayFail) implements PlanStep {
    public RunTool {
        argv = List.copyOf(argv);
    }

    public static RunTool of(String... argv) {
        return new RunTool(List.of(argv), false);
    }

    public static RunTool tolerated(String... argv) {
        return new RunTool(List.of(argv), true);
    }

    @Override
    public String describe() {
        return "run: " + PosixQuoting.join(argv) + (mayFail ? "   (failure ignored)" : "");
    }
}
