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
}
