package io.jobwarden.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops the installed service.")
public final class StopCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("stop is not built yet");
    }
}
