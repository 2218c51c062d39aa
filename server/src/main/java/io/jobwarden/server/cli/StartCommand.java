package io.jobwarden.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "start", mixinStandardHelpOptions = true, description = "Starts the installed service.")
public final class StartCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("start is not built yet");
    }
}
