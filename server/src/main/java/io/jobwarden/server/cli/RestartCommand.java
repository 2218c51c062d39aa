package io.jobwarden.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "restart", mixinStandardHelpOptions = true, description = "Restarts the installed service.")
public final class RestartCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("restart is not built yet");
    }
}
