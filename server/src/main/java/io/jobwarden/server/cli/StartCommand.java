package io.jobwarden.server.cli;

import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.ServicePlatform;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = "Starts the installed service and waits until it runs.")
public final class StartCommand implements Callable<Integer> {
    @Mixin
    ServiceCommand.Target target;

    @Option(
            names = "--timeout",
            defaultValue = "2m",
            description = "How long to wait for the service to run (default ${DEFAULT-VALUE}).")
    String timeout;

    @Spec
    CommandSpec spec;

    private final Function<PlatformKind, ServicePlatform> platforms;

    public StartCommand() {
        this(ServiceCommand::systemPlatform);
    }

    /** Tests pass their own service managers. */
    StartCommand(Function<PlatformKind, ServicePlatform> platforms) {
        this.platforms = platforms;
    }

    @Override
    public Integer call() {
        ServiceName name = target.serviceName();
        ServicePlatform platform = target.platform(platforms);
        platform.start(name, ServiceCommand.duration("--timeout", timeout));
        spec.commandLine().getOut().println(name.serviceId() + " started");
        return Main.OK;
    }
}
