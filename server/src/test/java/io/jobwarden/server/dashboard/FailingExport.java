package io.jobwarden.server.dashboard;

import io.jobwarden.api.Task;
import io.jobwarden.api.TaskContext;
import java.net.ConnectException;

/** A {@code java} job that always fails with a cause, so its run carries a real stack trace. */
public final class FailingExport implements Task {
    static final String MESSAGE = "warehouse export failed: the warehouse did not answer";

    @Override
    public void run(TaskContext context) {
        context.out().println("exporting yesterday's orders to the warehouse");
        throw new IllegalStateException(MESSAGE, new ConnectException("Connection refused: warehouse.internal:5432"));
    }
}
