package io.jobwarden.server.cli;

import io.jobwarden.engine.FieldError;
import io.jobwarden.engine.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one readable line per problem and the product's exit codes; users never see a stack
 * trace for a problem they can fix. Unexpected failures print their cause on one line (the log has the trace).
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        if (ex instanceof InvalidInputException invalid) {
            for (FieldError e : invalid.errors()) cmd.getErr().println("error: " + e);
            return Main.USAGE;
        }
        if (ex instanceof UsageException) {
            cmd.getErr().println("error: " + ex.getMessage());
            return Main.USAGE;
        }
        cmd.getErr()
                .println("error: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
        return Main.FAILURE;
    }
}
