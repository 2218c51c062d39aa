package io.jobwarden.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** picocli's side of {@link ErrorLines}: every command but a plain {@code run} (see {@link RunLine}) ends here. */
final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        return ErrorLines.report(ex, cmd.getErr());
    }
}
