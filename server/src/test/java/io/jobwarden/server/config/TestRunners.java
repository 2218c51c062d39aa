package io.jobwarden.server.config;

import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.RunContext;
import io.jobwarden.engine.run.TaskResult;
import io.jobwarden.engine.run.TaskRunner;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Minimal runners for shell, http and java that check just enough settings to exercise per-type validation. */
final class TestRunners {
    private TestRunners() {}

    static List<TaskRunner> all() {
        return List.of(
                new Checking("shell", "command", Set.of("command", "env", "workdir")),
                new Checking("http", "url", Set.of("url", "method", "headers")),
                new Checking("java", "class", Set.of("class", "args")));
    }

    private record Checking(String type, String required, Set<String> allowed) implements TaskRunner {
        @Override
        public void validate(Map<String, Object> settings, ValidationErrors errors) {
            if (settings.get(required) == null) errors.add(required, "is required");
            settings.keySet().stream()
                    .filter(k -> !allowed.contains(k))
                    .forEach(k -> errors.add(k, "is not a " + type + " setting"));
        }

        @Override
        public TaskResult run(RunContext context) {
            throw new UnsupportedOperationException();
        }
    }
}
