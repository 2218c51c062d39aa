package io.jobwarden.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jobwarden} command. No picocli type appears in this class's methods: the JVM's launcher reflects on
 * them, which would load picocli even for the {@code run} that {@link RunLine} reads without it.
 *
 * <p>Exit codes (docs/semantics.md#exit-codes): 0 success, 1 usage or validation error,
 * 2 runtime failure; {@code status} uses the LSB codes.
 */
@Command(
        name = "jobwarden",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Runs scheduled background jobs as an OS service: cron, supervision, crash capture, no fire twice or lost.",
        subcommands = {
            RunCommand.class,
            ValidateCommand.class,
            CronCommand.class,
            JobsCommand.class,
            ReloadCommand.class,
            InstallCommand.class,
            LifecycleCommand.Uninstall.class,
            ServiceCommand.class,
            LifecycleCommand.Start.class,
            LifecycleCommand.Stop.class,
            LifecycleCommand.Restart.class,
            LifecycleCommand.Status.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int FAILURE = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of {@link #main}. */
    public static int execute(String... args) {
        var run = RunLine.read(args);
        if (run.isPresent()) return RunLine.execute(run.get());
        return PicocliLine.execute(new Main(), args);
    }
}
