package io.jobwarden.platform;

/**
 * Where an installed instance keeps its data and logs (relative paths of its config resolve against it) unless the
 * config gives absolute paths: the place each OS sets aside for a service's state, never the directory the program
 * was unpacked or built in, which may be read-only, shared by several instances or replaced by an upgrade.
 */
public final class InstanceDirectory {
    /** Under systemd: {@code /var/lib/jobwarden/<name>}, which the unit's {@code StateDirectory=} creates. */
    public static final String POSIX_ROOT = "/var/lib/jobwarden";

    public static final String LAUNCHD_ROOT = "/Library/Application Support/Jobwarden";

    private InstanceDirectory() {}

    /**
     * @param programData Windows' {@code %ProgramData%} (usually {@code C:\ProgramData}); ignored elsewhere
     */
    public static String of(PlatformKind kind, ServiceName name, String programData) {
        return switch (kind) {
            case SYSTEMD -> POSIX_ROOT + "/" + name.value();
            case LAUNCHD -> LAUNCHD_ROOT + "/" + name.value();
            case WINDOWS -> PathRules.WINDOWS.resolve(programData, "Jobwarden\\" + name.value());
        };
    }
}
