package io.jobwarden.server.cli;

import io.jobwarden.engine.Durations;
import io.jobwarden.platform.Distribution;
import io.jobwarden.platform.InstallPlan;
import io.jobwarden.platform.InstanceDirectory;
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
import io.jobwarden.server.config.JobwardenConfig;
import io.jobwarden.supervisor.JvmOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
    ServiceCommand.ServiceTarget target;

    @Option(
            names = "--config",
            description = "Config file; made absolute in the service's command line (default on Windows: "
                    + "%%ProgramData%%\\Jobwarden\\<name>\\jobwarden.yml, created if absent).")
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
            description = "Where the service keeps data and logs: relative paths of the config resolve against it"
                    + " (default: /var/lib/jobwarden/<name>, %%ProgramData%%\\Jobwarden\\<name> on Windows).")
    String workingDir;

    @Option(
            names = "--from-build",
            description = "Install from a build of a source checkout (server/target) rather than a distribution.")
    boolean fromBuild;

    @Spec
    CommandSpec spec;

    private final Function<PlatformKind, ServicePlatform> platforms;
    private final Map<String, String> environment;
    private final Optional<Path> programLocation;

    public InstallCommand() {
        this(ServiceCommand::systemPlatform, System.getenv(), JavaLaunch.codeLocation(Main.class));
    }

    InstallCommand(Function<PlatformKind, ServicePlatform> platforms, Map<String, String> environment) {
        this(platforms, environment, JavaLaunch.codeLocation(Main.class));
    }

    /** @param programLocation the jar (or classes directory) this program runs from: a distribution's or a build's */
    InstallCommand(
            Function<PlatformKind, ServicePlatform> platforms,
            Map<String, String> environment,
            Optional<Path> programLocation) {
        this.platforms = platforms;
        this.environment = environment;
        this.programLocation = programLocation;
    }

    @Override
    public Integer call() {
        ServiceName name = target.serviceName();
        ServicePlatform platform = target.platform(platforms);
        Optional<Distribution> distribution = programLocation.flatMap(Distribution::containing);
        ServiceDefinition definition = ServiceCommand.usage(() -> definition(name, platform.kind(), distribution));
        InstallPlan plan = ServiceCommand.usage(() -> platform.installPlan(definition));
        if (distribution.isEmpty() && !fromBuild) {
            if (!dryRun) throw new UsageException(notADistribution());
            spec.commandLine().getErr().println("warning: " + notADistribution());
        }
        if (dryRun) {
            spec.commandLine().getOut().print(plan.render());
            spec.commandLine().getOut().flush();
            warnIfSuperuser(platform.kind());
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
        warnIfSuperuser(platform.kind());
        return Main.OK;
    }

    /**
     * Without an account a service runs as the platform's superuser, and so does every job it starts (a shell job is
     * a shell on the host): allowed, since that is what the platform does by default, but never silently.
     */
    private void warnIfSuperuser(PlatformKind kind) {
        if (account == null) spec.commandLine().getErr().println("warning: " + superuserByDefault(kind));
    }

    static String superuserByDefault(PlatformKind kind) {
        return switch (kind) {
            case WINDOWS ->
                "install: no --account given: the service and every job it runs will run as LocalSystem;"
                        + " give --account \"NT AUTHORITY\\LocalService\" or a dedicated account to run with less";
            case SYSTEMD, LAUNCHD ->
                "install: no --user given: the service and every job it runs will run as root;"
                        + " create a dedicated account (the Debian package makes 'jobwarden') and give --user to run as it";
        };
    }

    /**
     * A service must outlive the directory {@code install} ran from: a build's {@code target/} is replaced by the next
     * {@code mvn clean} and belongs to a source checkout, so only a distribution is installed unless asked.
     */
    private String notADistribution() {
        String where = programLocation.map(Path::toString).orElse("an unknown class path");
        return "install: " + where + " is a build of a source checkout, not a distribution, and the service would run"
                + " from it; make a distribution with 'mvn package' (dist/target/jobwarden-<version>.tar.gz or .zip),"
                + " unpack it where it should stay and run its bin/jobwarden install, or give --from-build to install"
                + " this build anyway";
    }

    ServiceDefinition definition(ServiceName name, PlatformKind kind, Optional<Distribution> distribution) {
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
        boolean windows = kind == PlatformKind.WINDOWS;
        JavaLaunch launch = distribution
                .map(d -> JavaLaunch.ofJar(d.jar(), Optional.ofNullable(java), windows))
                .orElseGet(() -> JavaLaunch.of(Main.class, Optional.ofNullable(java), windows))
                .withJvmOptions(JvmOptions.withDefaults(JvmOptions.SUPERVISOR, javaOptions()));
        String workingDirectory = Optional.ofNullable(workingDir)
                .map(d -> targetAbsolute("--working-dir", d, kind))
                .orElseGet(() -> InstanceDirectory.of(kind, name, programData()));
        // The service is told as well: relative paths of the config resolve against it, not against the config's
        // directory (often /etc, read-only to the service), and the SCM starts every service in System32.
        args.addAll(List.of("--working-dir", workingDirectory));
        Optional<JobwardenConfig> cfg = readableConfig(configPath, workingDirectory, kind);
        return ServiceDefinition.builder(name, launch.command(args), workingDirectory)
                .startType(StartType.parse(start))
                .description(description)
                .account(account)
                .password(password(kind).orElse(null))
                .dependencies(dependsOn.stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .shutdownTimeout(
                        cfg.map(JobwardenConfig::shutdownTimeout).orElse(ServiceDefinition.DEFAULT_SHUTDOWN_TIMEOUT))
                .writablePaths(cfg.map(c -> List.of(
                                c.dataDir().toString(), c.logging().dir().toString()))
                        .orElse(List.of()))
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
     * The config as the service will read it, for its top-level shutdown-timeout (which the stop timeouts of systemd,
     * launchd and the Windows pre-shutdown wait are derived from) and the data and log directories it writes. A config
     * not readable here (another OS's path, a dry run before it exists) gives the defaults; the Windows service
     * re-derives its wait from the config at every start.
     */
    private Optional<JobwardenConfig> readableConfig(
            Optional<String> configPath, String workingDirectory, PlatformKind kind) {
        Optional<Path> file = configPath.map(Path::of).filter(Files::isRegularFile);
        if (file.isEmpty()) return Optional.empty();
        // Another OS's working directory means nothing here; the shutdown-timeout still does.
        Path base = kind == PlatformKind.current() ? Path.of(workingDirectory) : null;
        try {
            return Optional.of(
                    new ConfigLoader(JobTypes.defaults()).instanceName(name()).load(file.get(), base));
        } catch (RuntimeException e) {
            spec.commandLine()
                    .getErr()
                    .println("warning: --config: cannot read shutdown-timeout (" + e.getMessage() + "); the stop"
                            + " timeout assumes " + Durations.format(ServiceDefinition.DEFAULT_SHUTDOWN_TIMEOUT));
            return Optional.empty();
        }
    }

    private String name() {
        return target.serviceName().value();
    }

    private String programData() {
        return environment.getOrDefault("ProgramData", "C:\\ProgramData");
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
        return PathRules.WINDOWS.resolve(InstanceDirectory.of(kind, name, programData()), "jobwarden.yml");
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
