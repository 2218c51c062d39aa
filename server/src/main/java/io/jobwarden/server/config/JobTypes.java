package io.jobwarden.server.config;

import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.RunContext;
import io.jobwarden.engine.run.TaskResult;
import io.jobwarden.engine.run.TaskRunner;
import java.util.List;
import java.util.Map;

/**
 * The job types the CLI validates against when it is not given runners. The runners module supplies the real
 * runners, which also check each type's own settings (a shell job's {@code command}, an http job's {@code url});
 * until the server is wired to them, these stand-ins know the type names only, so {@code validate} still catches
 * an unknown type, a bad schedule or an unknown group.
 */
public final class JobTypes {
    public static final List<String> NAMES = List.of("shell", "http", "java");

    private JobTypes() {}

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
