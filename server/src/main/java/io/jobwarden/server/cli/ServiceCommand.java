package io.jobwarden.server.cli;

import io.jobwarden.engine.Durations;
import io.jobwarden.platform.ForegroundServiceHost;
import io.jobwarden.platform.InvalidServiceDefinitionException;
import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ProcessCommandRunner;
import io.jobwarden.platform.ServiceBody;
import io.jobwarden.platform.ServiceDefinition;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.ServicePlatform;
import io.jobwarden.platform.launchd.LaunchdPlatform;
import io.jobwarden.platform.systemd.SystemdPlatform;
import io.jobwarden.platform.windows.Scm;
import io.jobwarden.platform.windows.ScmApi;
import io.jobwarden.platform.windows.ScmException;
import io.jobwarden.platform.windows.WindowsPlatform;
import io.jobwarden.platform.windows.WindowsServiceHost;
import io.jobwarden.server.InstanceLock;
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.server.logging.LoggingSetup;
import io.jobwarden.server.service.ControlClient;
import io.jobwarden.server.service.SupervisedServiceBody;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The process the OS service manager starts. On Windows it connects to the SCM first thing (before anything
 * slow, so the SCM never times out with error 1053) and reports status while it runs the body; under systemd
 * and launchd it runs the body in the foreground and stops it gracefully on SIGTERM.
 */
@Command(
        name = "service",
        mixinStandardHelpOptions = true,
        description = "The entry point the OS service manager launches; not typed by people.")
public final class ServiceCommand implements Callable<Integer> {
    @Option(names = "--name", required = true, description = "Instance name, as given to install.")
    String name;

    @Option(names = "--config", description = "Config file (absolute; install writes it so).")
    Path config;

    @Option(names = "--port", description = "HTTP port, overriding the config.")
    Integer port;

    @Option(
            names = "--shutdown-timeout",
            defaultValue = "30s",
            description = "How long a stop lets running runs finish, for a body that reads no config"
                    + " (default ${DEFAULT-VALUE}); the supervised service uses the config's shutdown-timeout.")
    String shutdownTimeout;

    @Option(
            names = "--working-dir",
            description = "Where relative paths of the config resolve, data and logs by default (install gives it).")
    Path workingDir;

    private final BodyFactory bodies;
    private final PlatformKind os;
    private final Supplier<ScmApi> scm;

    public ServiceCommand() {
        this(
                ServiceCommand::supervised,
                PlatformKind.current(),
                () -> new io.jobwarden.platform.windows.jna.JnaScmApi());
    }

    /**
     * The seam for the integrator: pass a factory that builds the real supervisor as the body.
     *
     * @param scm only used on Windows; a supplier so that nothing Windows-only loads elsewhere
     */
    public ServiceCommand(BodyFactory bodies, PlatformKind os, Supplier<ScmApi> scm) {
        this.bodies = bodies;
        this.os = os;
        this.scm = scm;
    }

    /**
     * What the service was asked to run.
     *
     * @param workingDirectory given by install (on Windows the process starts in System32): relative paths of the
     *                         config (data/, logs/) resolve against it rather than against the config's directory
     */
    public record Invocation(
            ServiceName name,
            Optional<Path> config,
            Optional<Integer> port,
            Duration shutdownTimeout,
            Optional<Path> workingDirectory) {}

    /** Builds the service's work; the default runs {@code jobwarden run} in this JVM. */
    @FunctionalInterface
    public interface BodyFactory {
        ServiceBody create(Invocation invocation);
    }

    @Override
    public Integer call() throws Exception {
        ServiceName serviceName = serviceName(name);
        Duration drain = duration("--shutdown-timeout", shutdownTimeout);
        Invocation invocation = new Invocation(
                serviceName,
                Optional.ofNullable(config),
                Optional.ofNullable(port),
                drain,
                Optional.ofNullable(workingDir));
        if (os != PlatformKind.WINDOWS) {
            ServiceBody body = bodies.create(invocation);
            return new ForegroundServiceHost(body, body.shutdownTimeout().orElse(drain), ServiceDefinition.STOP_MARGIN)
                    .run();
        }
        // The body (config, logging) is built inside service main, after the dispatcher connected, so a bad
        // config becomes a failed start the SCM records and recovery acts on.
        WindowsServiceHost host = new WindowsServiceHost(
                scm.get(),
                serviceName.serviceId(),
                () -> bodies.create(invocation),
                () -> new io.jobwarden.platform.windows.jna.JnaEventLogSink(serviceName.serviceId()),
                WindowsServiceHost.Timings.standard(drain));
        host.installShutdownHook();
        try {
            return host.run();
        } catch (ScmException e) {
            if (e.errorCode() == Scm.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
                throw new UsageException("'service' is started by the Windows service manager (jobwarden start --name "
                        + serviceName + "); to run in this console use 'jobwarden run'");
            }
            throw e;
        }
    }

    /**
     * The real body: the supervisor in this process, the worker its child. Pause and resume reach the worker as signed
     * {@code /control} calls, so they need {@code security.control-secret}.
     */
    static ServiceBody supervised(Invocation invocation) {
        Path data = invocation.workingDirectory().orElse(null);
        ConfigSource source = new ConfigSource(
                invocation.config().orElse(null),
                data,
                invocation.name().value(),
                invocation.port().orElse(null));
        // The jobs are the worker's to read and report (RunCommand): the supervisor needs the other settings only.
        JobwardenConfig cfg = source.loadWithoutJobs();
        // Before logging starts: a refused second process must not write into the running one's log files.
        InstanceLock lock = InstanceLock.acquire(cfg.dataDir(), InstanceLock.INSTANCE, "jobwarden service");
        LoggingSetup.apply(cfg.logging(), cfg.secrets(), "supervisor", LoggingSetup.eventLogSource(cfg));
        List<String> args = new ArrayList<>(
                List.of("run", "--no-supervisor", "--name", invocation.name().value()));
        invocation
                .config()
                .ifPresent(
                        c -> args.addAll(List.of("--config", c.toAbsolutePath().toString())));
        if (data != null) args.addAll(List.of("--data", data.toAbsolutePath().toString()));
        invocation.port().ifPresent(p -> args.addAll(List.of("--port", String.valueOf(p))));
        Path workDir = data != null ? data : Path.of("").toAbsolutePath();
        return new SupervisedServiceBody(cfg, args, workDir, action -> ControlClient.send(cfg, action), lock);
    }

    // --- shared by the service life-cycle commands (install, uninstall, start, stop, restart, status) ---

    /** The service manager of this OS, or of the one named by {@code --platform}. */
    static ServicePlatform systemPlatform(PlatformKind kind) {
        return switch (kind) {
            case WINDOWS -> WindowsPlatform.system();
            case SYSTEMD -> SystemdPlatform.system(new ProcessCommandRunner());
            case LAUNCHD -> LaunchdPlatform.system(new ProcessCommandRunner());
        };
    }

    static ServiceName serviceName(String text) {
        return usage(() -> ServiceName.of(text));
    }

    static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** Runs a step whose bad input surfaces as {@link InvalidServiceDefinitionException}: exit 1, one line. */
    static <T> T usage(Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidServiceDefinitionException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The options every life-cycle command takes: which instance, and which service manager. */
    public static final class ServiceTarget {
        @Option(names = "--name", required = true, description = "Instance name: letters, digits, '_' or '-'.")
        String name;

        @Option(names = "--platform", description = "windows, systemd or launchd (default: this OS's).")
        String platform;

        ServiceName serviceName() {
            return ServiceCommand.serviceName(name);
        }

        ServicePlatform platform(Function<PlatformKind, ServicePlatform> platforms) {
            return platforms.apply(
                    usage(() -> platform == null ? PlatformKind.current() : PlatformKind.parse(platform)));
        }
    }
}
