package io.jobwarden.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "cron", mixinStandardHelpOptions = true, description = "Prints the next fire times of a schedule expression and reads it in plain language.")
public final class CronCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("cron is not built yet");
    }
}
