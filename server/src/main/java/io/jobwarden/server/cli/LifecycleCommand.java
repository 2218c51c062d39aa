package io.jobwarden.server.cli;

import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.ServicePlatform;
import io.jobwarden.platform.ServiceStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobwarden start|stop|restart|uninstall|status --name N}: one verb sent to the OS service manager about an
 * installed instance. The subclasses are the verbs; they differ only in the call they make, what they print and the
 * one option some of them add.
 */
public abstract class LifecycleCommand implements Callable<Integer> {
    @Mixin
    ServiceCommand.ServiceTarget target;

    @Spec
    CommandSpec spec;

    private final Function<PlatformKind, ServicePlatform> platforms;

    LifecycleCommand(Function<PlatformKind, ServicePlatform> platforms) {
        this.platforms = platforms;
    }

    /** Does the verb and returns the exit code. */
    abstract int run(ServicePlatform platform, ServiceName name, PrintWriter out);

    @Override
    public Integer call() {
        ServiceName name = target.serviceName();
        PrintWriter out = spec.commandLine().getOut();
        int code = run(target.platform(platforms), name, out);
        out.flush();
        return code;
    }

    @FunctionalInterface
    interface TimedStep {
        void apply(ServicePlatform platform, ServiceName name, Duration timeout);
    }

    /** start, stop and restart: one call that waits up to {@code --timeout}, then {@code <service> <outcome>}. */
    abstract static class Timed extends LifecycleCommand {
        private final TimedStep step;
        private final String outcome;

        Timed(Function<PlatformKind, ServicePlatform> platforms, TimedStep step, String outcome) {
            super(platforms);
            this.step = step;
            this.outcome = outcome;
        }

        abstract String timeout();

        @Override
        int run(ServicePlatform platform, ServiceName name, PrintWriter out) {
            step.apply(platform, name, ServiceCommand.duration("--timeout", timeout()));
            out.println(name.serviceId() + " " + outcome);
            return Main.OK;
        }
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Starts the installed service and waits until it runs.")
    public static final class Start extends Timed {
        @Option(
                names = "--timeout",
                defaultValue = "2m",
                description = "How long to wait for the service to run (default ${DEFAULT-VALUE}).")
        String timeout;

        public Start() {
            this(ServiceCommand::systemPlatform);
        }

        /** Tests pass their own service managers, here and in every verb. */
        Start(Function<PlatformKind, ServicePlatform> platforms) {
            super(platforms, ServicePlatform::start, "started");
        }

        @Override
        String timeout() {
            return timeout;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stops the installed service and waits until it has stopped.")
    public static final class Stop extends Timed {
        @Option(
                names = "--timeout",
                defaultValue = "2m",
                description = "How long to wait for the service to stop (default ${DEFAULT-VALUE}).")
        String timeout;

        public Stop() {
            this(ServiceCommand::systemPlatform);
        }

        Stop(Function<PlatformKind, ServicePlatform> platforms) {
            super(platforms, ServicePlatform::stop, "stopped");
        }

        @Override
        String timeout() {
            return timeout;
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Restarts the installed service.")
    public static final class Restart extends Timed {
        @Option(
                names = "--timeout",
                defaultValue = "2m",
                description = "How long to wait for each of stop and start (default ${DEFAULT-VALUE}).")
        String timeout;

        public Restart() {
            this(ServiceCommand::systemPlatform);
        }

        Restart(Function<PlatformKind, ServicePlatform> platforms) {
            super(platforms, ServicePlatform::restart, "restarted");
        }

        @Override
        String timeout() {
            return timeout;
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Stops and removes the OS service.")
    public static final class Uninstall extends LifecycleCommand {
        @Option(names = "--dry-run", description = "Print what would be removed and change nothing.")
        boolean dryRun;

        public Uninstall() {
            this(ServiceCommand::systemPlatform);
        }

        Uninstall(Function<PlatformKind, ServicePlatform> platforms) {
            super(platforms);
        }

        @Override
        int run(ServicePlatform platform, ServiceName name, PrintWriter out) {
            if (dryRun) {
                out.print(platform.uninstallPlan(name).render());
                return Main.OK;
            }
            platform.uninstall(name);
            out.println(name.serviceId() + " uninstalled");
            return Main.OK;
        }
    }

    /** Exit codes follow LSB init scripts, so monitoring tools can read them: 0 running, 3 stopped, 4 not installed. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Shows whether the service runs: exit 0 running, 3 stopped, 4 not installed.")
    public static final class Status extends LifecycleCommand {
        public Status() {
            this(ServiceCommand::systemPlatform);
        }

        Status(Function<PlatformKind, ServicePlatform> platforms) {
            super(platforms);
        }

        @Override
        int run(ServicePlatform platform, ServiceName name, PrintWriter out) {
            ServiceStatus status = platform.status(name);
            out.println(name.serviceId() + ": " + status.describe());
            return status.state().lsbExitCode();
        }
    }
}
