package io.jobwarden.server.cli;

import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ThreadServiceBody;
import java.time.Duration;
import picocli.CommandLine;

/** A service process whose body works until stopped, for the SIGTERM test: run as its own JVM. */
public final class SleepingServiceMain {
    private SleepingServiceMain() {}

    public static void main(String[] args) {
        // The real service body sets logging up from the config; this stand-in keeps the bootstrap one, at INFO so the
        // host's "stop requested" line shows as it would in the journal.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        ServiceCommand command = new ServiceCommand(
                invocation -> new ThreadServiceBody(
                        "sleeper",
                        () -> {
                            System.out.println("working as " + invocation.name() + " drain "
                                    + invocation.shutdownTimeout().toSeconds() + "s");
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                System.out.println("drained");
                            }
                            return 0;
                        },
                        Duration.ZERO,
                        null),
                PlatformKind.SYSTEMD,
                () -> {
                    throw new AssertionError("no SCM off Windows");
                });
        System.exit(new CommandLine(command).execute(args));
    }
}
