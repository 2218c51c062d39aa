package io.jobwarden.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Removes the OS service.")
public final class UninstallCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("uninstall is not built yet");
    }
}
