package io.jobwarden.engine.run;

import io.jobwarden.engine.ValidationErrors;
import java.util.Map;

/**
 * Runs one job type. The engine owns timeouts and shutdown: it calls {@link RunContext#cancel} and a runner
 * must react through {@link RunContext#onCancel} (a shell runner kills the whole process tree, an http runner
 * aborts the request). A runner never lets an exception escape for a job's own failure: it returns a
 * {@code FAILED} result with the error text.
 */
public interface TaskRunner {

    /** The {@code type:} value this runner serves. */
    String type();

    /**
     * Checks the type's own settings (for shell: command, workdir, env). Every problem goes to {@code errors}
     * with the setting's name as field, e.g. {@code errors.add("command", "must not be empty")}.
     */
    void validate(Map<String, Object> settings, ValidationErrors errors);

    /** Runs to the end, or until cancelled. Blocking; called on a worker thread. */
    TaskResult run(RunContext context) throws Exception;
}
