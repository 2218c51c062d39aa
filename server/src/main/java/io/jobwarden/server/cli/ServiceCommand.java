package io.jobwarden.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "service", mixinStandardHelpOptions = true, description = "The entry point the OS service manager launches; not typed by people.")
public final class ServiceCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("service is not built yet");
    }
}
