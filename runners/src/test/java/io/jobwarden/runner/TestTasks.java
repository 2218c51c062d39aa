package io.jobwarden.runner;

import io.jobwarden.api.Task;
import io.jobwarden.api.TaskContext;
import java.io.IOException;
import java.util.TreeMap;

/** Task classes for the java runner's tests, named by class as a user's configuration would. */
public final class TestTasks {
    private TestTasks() {}

    public static class Echo implements Task {
        @Override
        public void run(TaskContext context) {
            context.out()
                    .println(context.jobId() + " " + context.fireKey() + " run " + context.runId() + " attempt "
                            + context.attempt() + " settings " + new TreeMap<>(context.settings()));
        }
    }

    public static class Failing implements Task {
        @Override
        public void run(TaskContext context) throws Exception {
            context.out().println("about to fail");
            throw new IllegalStateException("report failed", new IOException("disk full"));
        }
    }

    public static class Sleeping implements Task {
        @Override
        public void run(TaskContext context) throws InterruptedException {
            context.out().println("started");
            Thread.sleep(1_000_000);
        }
    }

    public static class ThrowsCheckedReflectiveException implements Task {
        @Override
        public void run(TaskContext context) throws Exception {
            throw new ClassNotFoundException("com.example.Missing");
        }
    }

    public static class FailingConstructor implements Task {
        public FailingConstructor() {
            throw new IllegalArgumentException("no config");
        }

        @Override
        public void run(TaskContext context) {}
    }

    public static class NotATask {}

    public abstract static class Abstract implements Task {}

    public static class NeedsArguments implements Task {
        public NeedsArguments(String name) {}

        @Override
        public void run(TaskContext context) {}
    }

    static class Hidden implements Task {
        @Override
        public void run(TaskContext context) {}
    }
}
