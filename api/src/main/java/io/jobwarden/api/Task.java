package io.jobwarden.api;

/**
 * The unit of work a {@code java} job runs. Implementations need a public no-argument constructor when
 * they are named by class in configuration; embedded users may register lambdas instead.
 *
 * <p>Throwing marks the run {@code FAILED} and stores the stack trace. A task that honours
 * {@link TaskContext#isCancelled()} or thread interruption stops promptly on timeout and shutdown.
 */
@FunctionalInterface
public interface Task {
    void run(TaskContext context) throws Exception;
}
