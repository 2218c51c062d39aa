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

@Command(name = "restart", mixinStandardHelpOptions = true, description = "Restarts the installed service.")
public final class RestartCommand implements Callable<Integer> {
    @Mixin
    ServiceCommand.Target target;

    @Option(
            names = "--timeout",
            defaultValue = "2m",
            description = "How long to wait for each of stop and start (default ${DEFAULT-VALUE}).")
    String timeout;

    @Spec
    CommandSpec spec;

    private final Function<PlatformKind, ServicePlatform> platforms;

    public RestartCommand() {
        this(ServiceCommand::systemPlatform);
    }

    /** Tests pass their own service managers. */
    RestartCommand(Function<PlatformKind, ServicePlatform> platforms) {
        this.platforms = platforms;
    }

    @Override
    public Integer call() {
        ServiceName name = target.serviceName();
        ServicePlatform platform = target.platform(platforms);
        platform.restart(name, ServiceCommand.duration("--timeout", timeout));
        spec.commandLine().getOut().println(name.serviceId() + " restarted");
        return Main.OK;
    }
}
