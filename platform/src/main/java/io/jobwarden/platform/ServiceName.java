package io.jobwarden.platform;

import java.util.regex.Pattern;

/**
 * An instance name as typed after {@code --name}. Kept to letters, digits, '_' and '-' because the same text
 * becomes a Windows service name, a registry key, a systemd unit name and a launchd label, and each of those
 * treats other characters differently (spaces, dots, '@' and slashes all mean something to one of them).
 */
public record ServiceName(String value) {
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ServiceName {
        if (value == null || value.isEmpty()) {
            throw new InvalidServiceDefinitionException("--name", "a service name is required, like --name billing");
        }
        if (!ALLOWED.matcher(value).matches()) {
            throw new InvalidServiceDefinitionException(
                    "--name", "'" + value + "' is not a valid service name; use 1 to 64 letters, digits, '_' or '-'");
        }
    }

    public static ServiceName of(String value) {
        return new ServiceName(value);
    }

    /** The name the OS knows the service by: systemd unit stem, Windows service name, Event Log source. */
    public String serviceId() {
        return "jobwarden-" + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
