package io.jobwarden.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an OS service manager needs to know about one Jobwarden instance, independent of the OS.
 *
 * @param command            the argv that starts the service process, java executable first; paths absolute
 * @param workingDirectory   absolute by the target OS's rules (text: the target need not be this OS); relative
 *                           paths in the config (data/, logs/) resolve against it
 * @param account            the user the service runs as; empty for the platform's default (LocalSystem, root)
 * @param password           only for a Windows account that needs one
 * @param dependencies       services that must run first (Windows service names or systemd units)
 * @param shutdownTimeout    how long a graceful stop may take the worker (config {@code shutdown-timeout});
 *                           the OS is told to wait this plus {@link #STOP_MARGIN}
 * @param writablePaths      directories the service writes (working directory, data, logs), absolute by the target
 *                           OS's rules: a sandbox that makes the rest of the system read-only must leave them writable
 */
public record ServiceDefinition(
        ServiceName name,
        List<String> command,
        String workingDirectory,
        StartType startType,
        String description,
        Optional<String> account,
        Optional<ServicePassword> password,
        List<String> dependencies,
        Duration shutdownTimeout,
        ServiceRecovery restartPolicy,
        List<String> writablePaths) {

    /** Time beyond the worker's drain for the supervisor to stop it and for the JVM to exit. */
    public static final Duration STOP_MARGIN = Duration.ofSeconds(30);

    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public ServiceDefinition {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        if (command.isEmpty()) throw new IllegalArgumentException("a service needs a command");
        // Either OS's rules: which one applies is the target platform's to check (see PathRules.of).
        if (!PathRules.POSIX.isAbsolute(workingDirectory) && !PathRules.WINDOWS.isAbsolute(workingDirectory))
            throw new InvalidServiceDefinitionException(
                    "--working-dir", "'" + workingDirectory + "' is not an absolute path");
        Objects.requireNonNull(startType, "startType");
        description =
                description == null || description.isBlank() ? "Jobwarden scheduled jobs (" + name + ")" : description;
        account = account.filter(a -> !a.isBlank());
        dependencies = List.copyOf(dependencies);
        if (shutdownTimeout.isNegative())
            throw new InvalidServiceDefinitionException("--shutdown-timeout", "cannot be negative");
        Objects.requireNonNull(restartPolicy, "restartPolicy");
        writablePaths = List.copyOf(writablePaths);
        if (password.isPresent() && account.isEmpty()) {
            throw new InvalidServiceDefinitionException("--password-env", "a password only makes sense with --account");
        }
    }

    /** For a target path written as text: the platform that installs it checks it by its own rules. */
    public static Builder builder(ServiceName name, List<String> command, String workingDirectory) {
        return new Builder(name, command, workingDirectory);
    }

    /**
     * For a directory of this host: a {@link Path} is the host's, so it must be absolute by the host's rules (which
     * {@link PathRules#PRETEND_WINDOWS_PROPERTY} turns to Windows' in tests).
     */
    public static Builder builder(ServiceName name, List<String> command, Path workingDirectory) {
        String dir = workingDirectory.toString();
        if (!PathRules.host().isAbsolute(dir))
            throw new InvalidServiceDefinitionException("--working-dir", "'" + dir + "' is not an absolute path here");
        return new Builder(name, command, dir);
    }

    /** Refuses a working directory that is not absolute on the platform the service is installed on. */
    public ServiceDefinition requireAbsoluteFor(PlatformKind kind) {
        if (!PathRules.of(kind).isAbsolute(workingDirectory))
            throw new InvalidServiceDefinitionException(
                    "--working-dir", "'" + workingDirectory + "' is not an absolute " + kind.option() + " path");
        return this;
    }

    /** What the OS should allow for a stop before it kills the process. */
    public Duration stopTimeout() {
        return shutdownTimeout.plus(STOP_MARGIN);
    }

    public String displayName() {
        return "Jobwarden (" + name + ")";
    }

    /** Fills in the defaults: automatic start, standard restarts, no account, no dependencies. */
    public static final class Builder {
        private final ServiceName name;
        private final List<String> command;
        private final String workingDirectory;
        private StartType startType = StartType.AUTO;
        private String description;
        private Optional<String> account = Optional.empty();
        private Optional<ServicePassword> password = Optional.empty();
        private List<String> dependencies = List.of();
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private ServiceRecovery restartPolicy = ServiceRecovery.STANDARD;
        private List<String> writablePaths = List.of();

        private Builder(ServiceName name, List<String> command, String workingDirectory) {
            this.name = name;
            this.command = command;
            this.workingDirectory = workingDirectory;
        }

        public Builder startType(StartType v) {
            this.startType = v;
            return this;
        }

        public Builder description(String v) {
            this.description = v;
            return this;
        }

        public Builder account(String v) {
            this.account = Optional.ofNullable(v);
            return this;
        }

        public Builder password(ServicePassword v) {
            this.password = Optional.ofNullable(v);
            return this;
        }

        public Builder dependencies(List<String> v) {
            this.dependencies = v;
            return this;
        }

        public Builder shutdownTimeout(Duration v) {
            this.shutdownTimeout = v;
            return this;
        }

        public Builder restartPolicy(ServiceRecovery v) {
            this.restartPolicy = v;
            return this;
        }

        public Builder writablePaths(List<String> v) {
            this.writablePaths = v;
            return this;
        }

        public ServiceDefinition build() {
            return new ServiceDefinition(
                    name,
                    command,
                    workingDirectory,
                    startType,
                    description,
                    account,
                    password,
                    dependencies,
                    shutdownTimeout,
                    restartPolicy,
                    writablePaths);
        }
    }
}
