package io.jobwarden.server.cli;

import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ThreadServiceBody;
import java.time.Duration;
import picocli.CommandLine;

/**
 * {@code jobwarden service} typed into a Windows console: the dispatcher answers 1063. Run as its own JVM so that
 * the host's shutdown hook runs at exit as it does for a user.
 */
public final class ConsoleServiceMain {
    private ConsoleServiceMain() {}

    public static void main(String[] args) {
        ServiceCommand command = new ServiceCommand(
                invocation -> new ThreadServiceBody("body", () -> 0, Duration.ZERO, null),
                PlatformKind.WINDOWS,
                ServiceCommandTest.NotTheScm::new);
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        int code = cli.execute(args);
        System.err.println("exiting " + code);
        System.exit(code);
    }
}
