package io.jobwarden.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "install", mixinStandardHelpOptions = true, description = "Registers Jobwarden as an OS service.")
public final class InstallCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("install is not built yet");
    }
}
