package io.jobwarden.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows whether the service runs: exit 0 running, 3 stopped, 4 not installed.")
public final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("status is not built yet");
    }
}
