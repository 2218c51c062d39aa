package io.jobwarden.runner;

import io.jobwarden.api.TaskContext;
import io.jobwarden.engine.run.RunContext;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a java task sees of its run: the fire, its settings without {@code class}, output and cancellation; not the
 * engine's handles (cancel, the raw output sink), which a task has no business calling.
 */
final class JavaTaskContext implements TaskContext {
    private final RunContext run;
    private final Map<String, Object> settings;

    JavaTaskContext(RunContext run) {
        this.run = run;
        Map<String, Object> own = new LinkedHashMap<>(run.settings());
        own.remove(JavaTaskRunner.CLASS_SETTING);
        this.settings = Map.copyOf(own);
    }

    @Override
    public String jobId() {
        return run.jobId();
    }

    @Override
    public Instant fireTime() {
        return run.fireTime();
    }

    @Override
    public long runId() {
        return run.runId();
    }

    @Override
    public int attempt() {
        return run.attempt();
    }

    @Override
    public String fireKey() {
        return run.fireKey();
    }

    @Override
    public Map<String, Object> settings() {
        return settings;
    }

    @Override
    public PrintStream out() {
        return run.out();
    }

    @Override
    public boolean isCancelled() {
        return run.isCancelled();
    }
}
