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
 * @param workingDirectory   absolute; relative paths in the config (data/, logs/) resolve against it
 * @param account            the user the service runs as; empty for the platform's default (LocalSystem, root)
 * @param password           only for a Windows account that needs one
 * @param dependencies       services that must run first (Windows service names or systemd units)
 * @param shutdownTimeout    how long a graceful stop may take the worker (config {@code shutdown-timeout});
 *                           the OS is told to wait this plus {@link #STOP_MARGIN}
 */
public record ServiceDefinition(
        ServiceName name,
        List<String> command,
        Path workingDirectory,
        StartType startType,
        String description,
        Optional<String> account,
        Optional<ServicePassword> password,
        List<String> dependencies,
        Duration shutdownTimeout,
        ServiceRecovery restartPolicy) {

    /** Time beyond the worker's drain for the supervisor to stop it and for the JVM to exit. */
    public static final Duration STOP_MARGIN = Duration.ofSeconds(30);

    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public ServiceDefinition {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        if (command.isEmpty()) throw new IllegalArgumentException("a service needs a command");
        if (!workingDirectory.isAbsolute())
            throw new IllegalArgumentException("working directory must be absolute: " + workingDirectory);
        Objects.requireNonNull(startType, "startType");
        description =
                description == null || description.isBlank() ? "Jobwarden scheduled jobs (" + name + ")" : description;
        account = account.filter(a -> !a.isBlank());
        dependencies = List.copyOf(dependencies);
        if (shutdownTimeout.isNegative())
            throw new InvalidServiceDefinitionException("--shutdown-timeout", "cannot be negative");
        Objects.requireNonNull(restartPolicy, "restartPolicy");
        if (password.isPresent() && account.isEmpty()) {
            throw new InvalidServiceDefinitionException("--password-env", "a password only makes sense with --account");
        }
    }

    public static Builder builder(ServiceName name, List<String> command, Path workingDirectory) {
        return new Builder(name, command, workingDirectory);
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
        private final Path workingDirectory;
        private StartType startType = StartType.AUTO;
        private String description;
        private Optional<String> account = Optional.empty();
        private Optional<ServicePassword> password = Optional.empty();
        private List<String> dependencies = List.of();
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private ServiceRecovery restartPolicy = ServiceRecovery.STANDARD;

        private Builder(ServiceName name, List<String> command, Path workingDirectory) {
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
                    restartPolicy);
        }
    }
}
