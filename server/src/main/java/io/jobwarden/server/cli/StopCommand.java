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
        name = "stop",
        mixinStandardHelpOptions = true,
        description = "Stops the installed service and waits until it has stopped.")
public final class StopCommand implements Callable<Integer> {
    @Mixin
    ServiceCommand.Target target;

    @Option(
            names = "--timeout",
            defaultValue = "2m",
            description = "How long to wait for the service to stop (default ${DEFAULT-VALUE}).")
    String timeout;

    @Spec
    CommandSpec spec;

    private final Function<PlatformKind, ServicePlatform> platforms;

    public StopCommand() {
        this(ServiceCommand::systemPlatform);
    }

    /** Tests pass their own service managers. */
    StopCommand(Function<PlatformKind, ServicePlatform> platforms) {
        this.platforms = platforms;
    }

    @Override
    public Integer call() {
        ServiceName name = target.serviceName();
        ServicePlatform platform = target.platform(platforms);
        platform.stop(name, ServiceCommand.duration("--timeout", timeout));
        spec.commandLine().getOut().println(name.serviceId() + " stopped");
        return Main.OK;
    }
}
