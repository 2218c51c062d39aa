package io.jobwarden.server.cli;

import io.jobwarden.platform.InstallPlan;
import io.jobwarden.platform.JavaLaunch;
import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ServiceDefinition;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.ServicePassword;
import io.jobwarden.platform.ServicePlatform;
import io.jobwarden.platform.StartType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Translates the install options into a platform {@link ServiceDefinition}; the platform turns it into a plan
 * that a dry run prints and a real run carries out.
 */
@Command(name = "install", mixinStandardHelpOptions = true, description = "Registers Jobwarden as an OS service.")
public final class InstallCommand implements Callable<Integer> {
    static final String DEFAULT_PASSWORD_VARIABLE = "JOBWARDEN_SERVICE_PASSWORD";

    @Mixin
    ServiceCommand.Target target;

    @Option(names = "--config", description = "Config file; made absolute in the service's command line.")
    Path config;

    @Option(names = "--port", description = "HTTP port, overriding the config.")
    Integer port;

    @Option(
            names = "--start",
            defaultValue = "auto",
            description = "auto, delayed or manual (default ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--dry-run", description = "Print exactly what would be created and change nothing.")
    boolean dryRun;

    @Option(names = "--java", description = "The java executable the service runs (default: this JVM's).")
    Path java;

    @Option(
            names = {"--account", "--user"},
            description = "Run the service as this user (Windows: .\\user, DOMAIN\\user, NT AUTHORITY\\LocalService).")
    String account;

    @Option(
            names = "--password-env",
            description = "Environment variable holding the Windows account's password " + "(default: "
                    + DEFAULT_PASSWORD_VARIABLE + " when set). Never printed.")
    String passwordVariable;

    @Option(names = "--depends-on", split = ",", description = "Services that must run first (e.g. postgresql).")
    List<String> dependsOn = new ArrayList<>();

    @Option(names = "--description", description = "Service description shown by the OS.")
    String description;

    @Option(
            names = "--shutdown-timeout",
            defaultValue = "30s",
            description = "How long a stop lets running runs finish (default ${DEFAULT-VALUE}).")
    String shutdownTimeout;

    @Option(
            names = "--working-dir",
            description =
                    "The service's working directory (default: the config file's directory, else the current one).")
    Path workingDir;

    @Spec
    CommandSpec spec;

    private final Function<PlatformKind, ServicePlatform> platforms;
    private final Map<String, String> environment;

    public InstallCommand() {
        this(ServiceCommand::systemPlatform, System.getenv());
    }

    InstallCommand(Function<PlatformKind, ServicePlatform> platforms, Map<String, String> environment) {
        this.platforms = platforms;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ServiceName name = target.serviceName();
        ServicePlatform platform = target.platform(platforms);
        ServiceDefinition definition = ServiceCommand.usage(() -> definition(name, platform.kind()));
        InstallPlan plan = ServiceCommand.usage(() -> platform.installPlan(definition));
        if (dryRun) {
            spec.commandLine().getOut().print(plan.render());
            spec.commandLine().getOut().flush();
            return Main.OK;
        }
        if (config != null && !Files.isRegularFile(absolute(config))) {
            throw new UsageException("--config: " + absolute(config) + " does not exist");
        }
        platform.install(definition);
        spec.commandLine().getOut().println("installed " + plan.title());
        return Main.OK;
    }

    ServiceDefinition definition(ServiceName name, PlatformKind kind) {
        Duration drain = ServiceCommand.duration("--shutdown-timeout", shutdownTimeout);
        if (port != null && (port < 1 || port > 65535))
            throw new UsageException("--port: " + port + " is not a port (1-65535)");
        Optional<Path> configPath = Optional.ofNullable(config).map(InstallCommand::absolute);
        List<String> args = new ArrayList<>(List.of("service", "--name", name.value()));
        configPath.ifPresent(c -> args.addAll(List.of("--config", c.toString())));
        if (port != null) args.addAll(List.of("--port", port.toString()));
        if (!drain.equals(ServiceDefinition.DEFAULT_SHUTDOWN_TIMEOUT))
            args.addAll(List.of("--shutdown-timeout", shutdownTimeout));
        JavaLaunch launch = JavaLaunch.of(Main.class, Optional.ofNullable(java), kind == PlatformKind.WINDOWS);
        Path workingDirectory = Optional.ofNullable(workingDir)
                .map(InstallCommand::absolute)
                .or(() -> configPath.map(Path::getParent))
                .orElse(absolute(Path.of("")));
        // The SCM starts every service in System32 and has no working-directory setting, so the service is told.
        if (kind == PlatformKind.WINDOWS) args.addAll(List.of("--working-dir", workingDirectory.toString()));
        return ServiceDefinition.builder(name, launch.command(args), workingDirectory)
                .startType(StartType.parse(start))
                .description(description)
                .account(account)
                .password(password(kind).orElse(null))
                .dependencies(dependsOn.stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .shutdownTimeout(drain)
                .build();
    }

    private Optional<ServicePassword> password(PlatformKind kind) {
        if (passwordVariable != null) {
            if (kind != PlatformKind.WINDOWS)
                throw new UsageException("--password-env: only Windows service accounts take a password");
            if (account == null) throw new UsageException("--password-env: a password only makes sense with --account");
            String value = environment.get(passwordVariable);
            if (value == null)
                throw new UsageException("--password-env: environment variable " + passwordVariable + " is not set");
            return Optional.of(new ServicePassword("environment variable " + passwordVariable, value));
        }
        String fallback = environment.get(DEFAULT_PASSWORD_VARIABLE);
        if (kind == PlatformKind.WINDOWS && account != null && fallback != null) {
            return Optional.of(new ServicePassword("environment variable " + DEFAULT_PASSWORD_VARIABLE, fallback));
        }
        return Optional.empty();
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
