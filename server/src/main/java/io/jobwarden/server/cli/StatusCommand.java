package io.jobwarden.server.cli;

import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.ServicePlatform;
import io.jobwarden.platform.ServiceStatus;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Exit codes follow LSB init scripts, so monitoring tools can read them: 0 running, 3 stopped, 4 not installed. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Shows whether the service runs: exit 0 running, 3 stopped, 4 not installed.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    ServiceCommand.Target target;

    @Spec
    CommandSpec spec;

    private final Function<PlatformKind, ServicePlatform> platforms;

    public StatusCommand() {
        this(ServiceCommand::systemPlatform);
    }

    StatusCommand(Function<PlatformKind, ServicePlatform> platforms) {
        this.platforms = platforms;
    }

    @Override
    public Integer call() {
        ServiceName name = target.serviceName();
        ServiceStatus status = target.platform(platforms).status(name);
        spec.commandLine().getOut().println(name.serviceId() + ": " + status.describe());
        return status.state().lsbExitCode();
    }
}
