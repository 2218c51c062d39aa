package io.jobwarden.server.http;

import io.jobwarden.engine.Durations;
import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.RunContext;
import io.jobwarden.engine.run.TaskResult;
import io.jobwarden.engine.run.TaskRunner;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Job type {@code test} for the API tests: prints {@code output}, waits {@code sleep}, and fails when {@code fail} is
 * true. Like the real runners it refuses settings it does not know, so the API's unknown-field path is the real one.
 */
public final class ScriptedRunner implements TaskRunner {
    static final String TYPE = "test";
    private static final Set<String> KNOWN = Set.of("output", "sleep", "fail");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Map<String, Object> settings, ValidationErrors errors) {
        for (String key : settings.keySet()) {
            if (!KNOWN.contains(key))
                errors.add(key, "is not a setting of a test job; known settings: fail, output, sleep");
        }
        Object sleep = settings.get("sleep");
        if (sleep != null) {
            try {
                Durations.parse(String.valueOf(sleep));
            } catch (IllegalArgumentException e) {
                errors.add("sleep", e.getMessage());
            }
        }
        Object fail = settings.get("fail");
        if (fail != null && !(fail instanceof Boolean)) errors.add("fail", "must be true or false");
        Object output = settings.get("output");
        if (output != null && !(output instanceof String)) errors.add("output", "must be a string");
    }

    @Override
    public TaskResult run(RunContext context) throws Exception {
        Map<String, Object> s = context.settings();
        if (s.get("output") != null) context.out().println(s.get("output"));
        if (s.get("sleep") != null) {
            Duration sleep = Durations.parse(String.valueOf(s.get("sleep")));
            context.onCancel(Thread.currentThread()::interrupt);
            try {
                Thread.sleep(sleep.toMillis());
            } catch (InterruptedException e) {
                return TaskResult.failed(null, "interrupted");
            }
        }
        if (Boolean.TRUE.equals(s.get("fail")))
            return TaskResult.failed(3, new IllegalStateException("scripted failure").toString());
        return TaskResult.succeeded(0);
    }
}
