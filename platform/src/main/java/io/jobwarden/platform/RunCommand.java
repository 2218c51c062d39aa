package io.jobwarden.platform;

import java.util.List;

/**
 * Runs a service manager's command line tool.
 *
 * @param mayFail true for clean-up steps whose failure changes nothing (resetting a unit that has no failure)
 */
public record RunCommand(List<String> argv, boolean mayFail) implements PlanStep {
    public RunCommand {
        argv = List.copyOf(argv);
    }

    public static RunCommand of(String... argv) {
        return new RunCommand(List.of(argv), false);
    }

    public static RunCommand tolerated(String... argv) {
        return new RunCommand(List.of(argv), true);
    }

    @Override
    public String describe() {
        return "run: " + PosixQuoting.join(argv) + (mayFail ? "   (failure ignored)" : "");
    }
}
