package io.jobwarden.server.cli;

import io.jobwarden.engine.GroupSpec;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.server.config.JobwardenConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Checks a config file the way {@code run} would read it, without starting anything or writing anything: every
 * problem goes to stderr as {@code error: <path>: <message>} (through {@link ErrorReporter}), exit 1; a valid file
 * prints one summary line, exit 0, after a {@code warning: <path>: <message>} line on stderr for each thing that is
 * valid but may not do what its author expects (a day-of-week number two dialects read differently, an {@code @at}
 * instant already past).
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Checks a config file and reports every problem with its path.")
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = "jobwarden.yml",
            description = "the config file to check (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description =
                    "the base directory relative paths are resolved against, as for run (default: the config file's directory)")
    Path data;

    /** What "in the past" is measured against. */
    Clock clock = Clock.systemUTC();

    public ValidateCommand() {
        // picocli instantiates commands reflectively.
    }

    @Override
    public Integer call() {
        JobwardenConfig loaded = new ConfigSource(config, data, null, null).load();
        // Warnings go beside errors, on stderr, so the summary line stays the only output scripts parse; they do not
        // fail the check: the file is valid.
        Instant now = clock.instant();
        List<JobSpec> jobs = loaded.jobs();
        for (int i = 0; i < jobs.size(); i++) {
            for (String warning : jobs.get(i).warnings(now))
                spec.commandLine().getErr().println("warning: jobs[" + i + "]." + warning);
        }
        spec.commandLine().getErr().flush();
        spec.commandLine().getOut().println(summary(loaded));
        return Main.OK;
    }

    static String summary(JobwardenConfig c) {
        long groups = c.groups().keySet().stream()
                .filter(g -> !g.equals(GroupSpec.DEFAULT))
                .count();
        return "OK: " + count(c.jobs().size(), "job") + ", " + count(groups, "group") + ", "
                + count(c.security().tokens().size(), "token")
                + "; store " + c.store().dialect()
                + ", " + (c.http().tls().isPresent() ? "https " : "http ")
                + c.http().bind() + ":" + c.http().port()
                + ", cluster "
                + (c.cluster().enabled() ? "on (" + c.cluster().lock().configName() + " lock)" : "off");
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
