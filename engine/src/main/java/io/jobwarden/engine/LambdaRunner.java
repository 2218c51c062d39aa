package io.jobwarden.engine;

import io.jobwarden.api.Task;
import io.jobwarden.engine.run.RunContext;
import io.jobwarden.engine.run.TaskResult;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a {@link Task} registered in code on the current thread; an exception becomes a {@code FAILED} result. */
final class LambdaRunner {
    private LambdaRunner() {}

    static TaskResult run(Task task, RunContext context) {
        Thread worker = Thread.currentThread();
        context.onCancel(worker::interrupt);
        try {
            task.run(context);
            return TaskResult.succeeded(null);
        } catch (Throwable t) {
            if (t instanceof Error
                    && !(t instanceof AssertionError
                            || t instanceof OutOfMemoryError
                            || t instanceof StackOverflowError)) {
                throw (Error) t;
            }
            return TaskResult.failed(null, stackTrace(t));
        } finally {
            Thread.interrupted();
        }
    }

    static String stackTrace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
