package io.jobwarden.server.config;

import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.RunContext;
import io.jobwarden.engine.run.TaskResult;
import io.jobwarden.engine.run.TaskRunner;
import java.util.List;
import java.util.Map;

/**
 * The job types a config is validated against. The real runners ({@link #forPlugins}) also check each type's own
 * settings (a shell job's {@code command}, an http job's {@code url}); the java runner needs the plugins directory,
 * which the config itself names, so {@link ConfigLoader#forPlugins} makes them once it has read that directory.
 * {@link #defaults()} are stand-ins that know the type names only, for callers that check a file's shape.
 */
public final class JobTypes {
    public static final List<String> NAMES = List.of("shell", "http", "java");

    private JobTypes() {}

    /** The real runners, loading java tasks from {@code pluginsDir}. */
    public static List<TaskRunner> forPlugins(java.nio.file.Path pluginsDir) {
        return io.jobwarden.runner.Runners.defaults(pluginsDir);
    }

    public static List<TaskRunner> defaults() {
        return NAMES.stream().<TaskRunner>map(TypeNameOnly::new).toList();
    }

    /** Accepts any settings and cannot run: it exists to make the type name known to validation. */
    private record TypeNameOnly(String type) implements TaskRunner {
        @Override
        public void validate(Map<String, Object> settings, ValidationErrors errors) {
            // The real runner checks the settings; this stand-in has no rules of its own.
        }

        @Override
        public TaskResult run(RunContext context) {
            throw new IllegalStateException("the " + type + " runner is a validation stand-in and cannot run jobs");
        }
    }
}
