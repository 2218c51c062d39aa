package io.jobwarden.platform;

import java.time.Duration;

/**
 * One OS service manager (Windows SCM, systemd, launchd) behind the same small set of verbs. Every method
 * fails with a {@link ServiceException} whose message is one line for the user.
 */
public interface ServicePlatform {
    PlatformKind kind();

    /** What {@link #install} would change; changes nothing, works on any OS. */
    InstallPlan installPlan(ServiceDefinition definition);

    /** What {@link #uninstall} would change; changes nothing. */
    InstallPlan uninstallPlan(ServiceName name);

    void install(ServiceDefinition definition);

    /** Stops the service if it runs, then removes it. */
    void uninstall(ServiceName name);

    /** Starts the service and waits up to {@code timeout} for it to run. */
    void start(ServiceName name, Duration timeout);

    /** Asks the service to stop and waits up to {@code timeout} for it to be stopped. */
    void stop(ServiceName name, Duration timeout);

    ServiceStatus status(ServiceName name);

    default void restart(ServiceName name, Duration timeout) {
        ServiceState state = status(name).state();
        if (state == ServiceState.NOT_INSTALLED) throw notInstalled(name);
        if (state != ServiceState.STOPPED) stop(name, timeout);
        start(name, timeout);
    }

    default ServiceException notInstalled(ServiceName name) {
        return new ServiceException(
                "service " + name.serviceId() + " is not installed (jobwarden install --name " + name + ")");
    }
}
