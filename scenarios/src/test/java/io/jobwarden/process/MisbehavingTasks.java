package io.jobwarden.process;

import io.jobwarden.api.Task;
import io.jobwarden.api.TaskContext;
import java.util.ArrayList;
import java.util.List;

/** Java tasks that misbehave on purpose, loaded by class name by a real worker. */
final class MisbehavingTasks {
    private MisbehavingTasks() {}

    public static final class Throws implements Task {
        @Override
        public void run(TaskContext context) {
            throw new IllegalStateException("the ledger does not balance", new ArithmeticException("off by one"));
        }
    }

    /** Allocates until the heap is gone; the worker runs with -XX:+ExitOnOutOfMemoryError. */
    public static final class AllocatesForever implements Task {
        @Override
        public void run(TaskContext context) {
            List<long[]> hoard = new ArrayList<>();
            while (true) hoard.add(new long[1 << 20]);
        }
    }

    /** Ignores interruption and never returns: only its timeout ends it, as far as the service is concerned. */
    public static final class SpinsForever implements Task {
        @Override
        public void run(TaskContext context) {
            long n = 0;
            while (n >= 0) n++;
        }
    }
}
