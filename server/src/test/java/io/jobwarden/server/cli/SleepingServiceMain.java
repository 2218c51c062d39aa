package io.jobwarden.server.cli;

import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ThreadServiceBody;
import java.time.Duration;
import picocli.CommandLine;

/** A service process whose body works until stopped, for the SIGTERM test: run as its own JVM. */
public final class SleepingServiceMain {
    private SleepingServiceMain() {}

    public static void main(String[] args) {
        ServiceCommand command = new ServiceCommand(invocation -> new ThreadServiceBody("sleeper", () -> {
            System.out.println("working as " + invocation.name() + " drain " + invocation.shutdownTimeout().toSeconds() + "s");
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                System.out.println("drained");
            }
            return 0;
        }, Duration.ZERO, null), PlatformKind.SYSTEMD, () -> {
            throw new AssertionError("no SCM off Windows");
        });
        System.exit(new CommandLine(command).execute(args));
    }
}
