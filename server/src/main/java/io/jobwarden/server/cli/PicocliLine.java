package io.jobwarden.server.cli;

import picocli.CommandLine;

/** Every command line but a plain {@code run} ({@link RunLine}): read, answered and reported by picocli. */
final class PicocliLine {
    private PicocliLine() {}

    static int execute(Main root, String... args) {
        CommandLine cli = new CommandLine(root);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            ex.getCommandLine()
                    .getErr()
                    .println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return Main.USAGE;
        });
        return cli.execute(args);
    }
}
