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

@Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Stops and removes the OS service.")
public final class UninstallCommand implements Callable<Integer> {
    @Mixin
    ServiceCommand.Target target;

    @Option(names = "--dry-run", description = "Print what would be removed and change nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    private final Function<PlatformKind, ServicePlatform> platforms;

    public UninstallCommand() {
        this(ServiceCommand::systemPlatform);
    }

    UninstallCommand(Function<PlatformKind, ServicePlatform> platforms) {
        this.platforms = platforms;
    }

    @Override
    public Integer call() {
        ServiceName name = target.serviceName();
        ServicePlatform platform = target.platform(platforms);
        if (dryRun) {
            spec.commandLine().getOut().print(platform.uninstallPlan(name).render());
            spec.commandLine().getOut().flush();
            return Main.OK;
        }
        platform.uninstall(name);
        spec.commandLine().getOut().println(name.serviceId() + " uninstalled");
        return Main.OK;
    }
}
