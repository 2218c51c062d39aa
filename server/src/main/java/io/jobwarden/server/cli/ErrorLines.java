package io.jobwarden.server.cli;

import io.jobwarden.engine.FieldError;
import io.jobwarden.engine.InvalidInputException;
import java.io.PrintWriter;

/**
 * A failed command as people read it: one {@code error:} line per problem and the product's exit code, never a
 * stack trace for a problem they can fix; unexpected failures print their cause on one line (the log has the trace).
 * Free of picocli, so that {@code run}, which {@link RunLine} starts without it, reports the same lines.
 */
final class ErrorLines {
    private ErrorLines() {}

    /** Prints {@code ex} to {@code err} and returns the exit code: {@link Main#USAGE} or {@link Main#FAILURE}. */
    static int report(Exception ex, PrintWriter err) {
        if (ex instanceof InvalidInputException invalid) {
            for (FieldError e : invalid.errors()) err.println("error: " + e);
            err.flush();
            return Main.USAGE;
        }
        if (ex instanceof UsageException) {
            err.println("error: " + ex.getMessage());
            err.flush();
            return Main.USAGE;
        }
        err.println("error: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
        err.flush();
        return Main.FAILURE;
    }
}
