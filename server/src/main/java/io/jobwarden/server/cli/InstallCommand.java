package io.jobwarden.server.cli;

import io.jobwarden.engine.Durations;
import io.jobwarden.platform.InstallPlan;
import io.jobwarden.platform.JavaLaunch;
import io.jobwarden.platform.PathRules;
import io.jobwarden.platform.PlatformKind;
import io.jobwarden.platform.ServiceDefinition;
import io.jobwarden.platform.ServiceName;
import io.jobwarden.platform.ServicePassword;
import io.jobwarden.platform.ServicePlatform;
import io.jobwarden.platform.StartType;
import io.jobwarden.server.config.ConfigLoader;
import io.jobwarden.server.config.JobTypes;
import io.jobwarden.supervisor.JvmOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
    static final String JAVA_OPTIONS_VARIABLE = "JOBWARDEN_JAVA_OPTS";

    @Mixin
    ServiceCommand.Target target;

    @Option(
            names = "--config",
            description = "Config file; made absolute in the service's command line (default on Windows: "
                    + "%ProgramData%\\Jobwarden\\<name>\\jobwarden.yml, created if absent).")
    String config;

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

    /** Kept only to say where the setting went: a second stop budget beside the config's cut drains short. */
    @Option(names = "--shutdown-timeout", hidden = true)
    String shutdownTimeout;

    @Option(
            names = "--working-dir",
            description =
                    "The service's working directory (default: the config file's directory, else the current one).")
    String workingDir;

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
        String configPath = configPath(name, platform.kind());
        if (config == null && platform.kind() == PlatformKind.WINDOWS) {
            createDefaultConfig(name, Path.of(configPath));
        } else if (configPath != null && !Files.isRegularFile(Path.of(configPath))) {
            throw new UsageException("--config: " + configPath + " does not exist");
        }
        platform.install(definition);
        spec.commandLine().getOut().println("installed " + plan.title());
        return Main.OK;
    }

    ServiceDefinition definition(ServiceName name, PlatformKind kind) {
        if (shutdownTimeout != null) {
            throw new UsageException("--shutdown-timeout: removed; set the top-level shutdown-timeout in the config"
                    + " file: the service drains within it and the service manager's stop timeout is derived from it");
        }
        if (port != null && (port < 1 || port > 65535))
            throw new UsageException("--port: " + port + " is not a port (1-65535)");
        Optional<String> configPath = Optional.ofNullable(configPath(name, kind));
        List<String> args = new ArrayList<>(List.of("service", "--name", name.value()));
        configPath.ifPresent(c -> args.addAll(List.of("--config", c)));
        if (port != null) args.addAll(List.of("--port", port.toString()));
        JavaLaunch launch = JavaLaunch.of(Main.class, Optional.ofNullable(java), kind == PlatformKind.WINDOWS)
                .withJvmOptions(JvmOptions.withDefaults(JvmOptions.SUPERVISOR, javaOptions()));
        PathRules rules = PathRules.of(kind);
        String workingDirectory = Optional.ofNullable(workingDir)
                .map(d -> targetAbsolute("--working-dir", d, kind))
                .or(() -> configPath.map(rules::parent))
                .orElseGet(() -> targetAbsolute("--working-dir", "", kind));
        // The SCM starts every service in System32 and has no working-directory setting, so the service is told.
        if (kind == PlatformKind.WINDOWS) args.addAll(List.of("--working-dir", workingDirectory));
        return ServiceDefinition.builder(name, launch.command(args), workingDirectory)
                .startType(StartType.parse(start))
                .description(description)
                .account(account)
                .password(password(kind).orElse(null))
                .dependencies(dependsOn.stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .shutdownTimeout(configuredShutdownTimeout(configPath))
                .build();
    }

    /**
     * The service manager starts java itself, not bin/jobwarden, so the options bin/jobwarden would pass (the
     * supervisor's small-JVM defaults, then these) are written into the service's command line. Split on whitespace, as the launcher's unquoted $JOBWARDEN_JAVA_OPTS.
     */
    private List<String> javaOptions() {
        String options = environment.getOrDefault(JAVA_OPTIONS_VARIABLE, "").strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    /**
     * The config's top-level shutdown-timeout, which the stop timeouts of systemd, launchd and the Windows
     * pre-shutdown wait are derived from. A config not readable here (another OS's path, a dry run before it
     * exists) gives the default; the Windows service re-derives its wait from the config at every start.
     */
    private Duration configuredShutdownTimeout(Optional<String> configPath) {
        Optional<Path> file = configPath.map(Path::of).filter(Files::isRegularFile);
        if (file.isEmpty()) return ServiceDefinition.DEFAULT_SHUTDOWN_TIMEOUT;
        try {
            return new ConfigLoader(JobTypes.defaults()).load(file.get(), null).shutdownTimeout();
        } catch (RuntimeException e) {
            spec.commandLine()
                    .getErr()
                    .println("warning: --config: cannot read shutdown-timeout (" + e.getMessage() + "); the stop"
                            + " timeout assumes " + Durations.format(ServiceDefinition.DEFAULT_SHUTDOWN_TIMEOUT));
            return ServiceDefinition.DEFAULT_SHUTDOWN_TIMEOUT;
        }
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

    /**
     * The config the service reads, absolute by the target platform's rules: the supervisor and the worker must read
     * the same file whatever their working directory (a Windows service starts in System32). Null when there is
     * none to name (systemd and launchd fall back to the config's own defaults, as {@code run} does).
     */
    String configPath(ServiceName name, PlatformKind kind) {
        if (config != null) return targetAbsolute("--config", config, kind);
        if (kind != PlatformKind.WINDOWS) return null;
        String programData = environment.getOrDefault("ProgramData", "C:\\ProgramData");
        return PathRules.WINDOWS.resolve(programData, "Jobwarden\\" + name.value() + "\\jobwarden.yml");
    }

    /**
     * A path the user typed, made absolute: as given when it already is by the target's rules, against the current
     * directory when the target is this OS, and refused otherwise (there is no current directory on the target).
     */
    static String targetAbsolute(String option, String text, PlatformKind kind) {
        PathRules rules = PathRules.of(kind);
        if (!text.isEmpty() && rules.isAbsolute(text)) return text;
        boolean crossTarget = kind != PlatformKind.current();
        if (text.isEmpty() && crossTarget)
            throw new UsageException(option + ": required (or --config) when installing for another OS");
        if (!crossTarget) {
            try {
                return Path.of(text).toAbsolutePath().normalize().toString();
            } catch (InvalidPathException e) {
                throw new UsageException(option + ": '" + text + "' is not a path: " + e.getReason());
            }
        }
        throw new UsageException(option + ": '" + text + "' is not an absolute " + kind.option()
                + " path; installing for another OS needs the full path there, e.g. "
                + (kind == PlatformKind.WINDOWS ? "C:\\jobwarden\\jobwarden.yml" : "/etc/jobwarden/jobwarden.yml"));
    }

    /** Without --config a Windows service gets its own config under ProgramData, written once from the example. */
    private void createDefaultConfig(ServiceName name, Path file) {
        if (Files.isRegularFile(file)) return;
        try (InputStream example = InstallCommand.class.getResourceAsStream("service-example.yml")) {
            if (example == null) throw new IllegalStateException("the example config is missing from the build");
            String text = new String(example.readAllBytes(), StandardCharsets.UTF_8).replace("${name}", name.value());
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            spec.commandLine().getOut().println("wrote " + file + " from the example; edit it, then restart");
        } catch (IOException e) {
            throw new UsageException("--config: cannot create " + file + ": " + e.getMessage());
        }
    }
}
