package io.jobwarden.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Manages the jobs of a running instance through its REST API.")
public final class JobsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("jobs is not built yet");
    }
}
