package io.jobwarden.runner;

import io.jobwarden.engine.run.TaskRunner;
import java.nio.file.Path;
import java.util.List;

/** The job types Jobwarden ships with, for the engine and the server to register. */
public final class Runners {
    private Runners() {}

    /** One runner per type: shell, http and java (task classes from the classpath or {@code pluginsDir}'s jars). */
    public static List<TaskRunner> defaults(Path pluginsDir) {
        return List.of(new ShellRunner(), new HttpRunner(), new JavaTaskRunner(pluginsDir));
    }

    /** The same, with shell jobs' processes noted in {@code ledger} so a later worker can kill a dead one's orphans. */
    public static List<TaskRunner> defaults(Path pluginsDir, ProcessLedger ledger) {
        return defaults(pluginsDir, ledger, ShellEnvironment.ofProcess(), HostPatterns.ANY);
    }

    /**
     * @param environment   what a shell job's process environment is built from
     * @param redirectHosts where an http job's redirects may lead
     */
    public static List<TaskRunner> defaults(
            Path pluginsDir, ProcessLedger ledger, ShellEnvironment environment, HostPatterns redirectHosts) {
        return List.of(
                new ShellRunner(ShellRunner.DEFAULT_KILL_GRACE, ledger, environment),
                new HttpRunner(redirectHosts),
                new JavaTaskRunner(pluginsDir));
    }
}
