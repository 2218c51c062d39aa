package io.jobwarden.runner;

import io.jobwarden.api.Task;
import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.RunContext;
import io.jobwarden.engine.run.TaskResult;
import io.jobwarden.engine.run.TaskRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a {@code java} job: instantiates the {@link Task} class named by its {@code class} setting and runs it on the
 * calling thread. Every other setting is the task's own. A thrown exception fails the run with its full stack trace;
 * cancelling interrupts the task's thread.
 */
public final class JavaTaskRunner implements TaskRunner {
    public static final String TYPE = "java";
    public static final String CLASS_SETTING = "class";
    private static final String CLASS_EXAMPLE = "com.example.jobs.NightlyReport";

    private final TaskClasses classes;

    /** @param pluginsDir a directory of jars to look for task classes in besides the classpath; need not exist */
    public JavaTaskRunner(Path pluginsDir) {
        this.classes = new TaskClasses(pluginsDir, JavaTaskRunner.class.getClassLoader());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Map<String, Object> settings, ValidationErrors errors) {
        taskClass(settings, errors);
    }

    @Override
    public TaskResult run(RunContext context) {
        ValidationErrors errors = new ValidationErrors();
        Class<? extends Task> type = taskClass(context.settings(), errors);
        if (type == null) return TaskResult.failed(null, "invalid settings: " + SettingsReader.summary(errors));
        if (context.isCancelled())
            return TaskResult.failed(null, "cancelled (" + context.cancelReason() + ") before the task started");

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Libraries inside a plugin (ServiceLoader, JDBC drivers) look classes up through the context loader.
        thread.setContextClassLoader(type.getClassLoader());
        RunInterrupter interrupter = new RunInterrupter(thread);
        try {
            Task task;
            try {
                task = type.getConstructor().newInstance();
            } catch (InvocationTargetException e) {
                return TaskResult.failed(
                        null, "the constructor of " + type.getName() + " failed:\n" + stackTrace(e.getCause()));
            } catch (ReflectiveOperationException | LinkageError e) {
                return TaskResult.failed(null, "could not create " + type.getName() + ":\n" + stackTrace(e));
            }
            context.onCancel(interrupter::interrupt);
            task.run(new JavaTaskContext(context));
            return TaskResult.succeeded(null);
        } catch (Throwable e) {
            // A task's StackOverflowError is its own failure; other VM errors mean this JVM is in trouble.
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) throw (VirtualMachineError) e;
            return TaskResult.failed(null, stackTrace(e));
        } finally {
            interrupter.disarm();
            thread.setContextClassLoader(previous);
        }
    }

    private Class<? extends Task> taskClass(Map<String, Object> settings, ValidationErrors errors) {
        String name = new SettingsReader(settings, errors).requiredString(CLASS_SETTING, CLASS_EXAMPLE);
        return name == null ? null : classes.find(name.strip(), errors, CLASS_SETTING);
    }

    /** The whole trace with causes and suppressed exceptions: the run history is where users debug a failure. */
    static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
