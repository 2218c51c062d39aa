package io.jobwarden.platform;

import java.util.Locale;

/** The service managers Jobwarden knows, by the word users type after {@code --platform}. */
public enum PlatformKind {
    WINDOWS("windows"),
    SYSTEMD("systemd"),
    LAUNCHD("launchd");

    private final String option;

    PlatformKind(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    public static PlatformKind parse(String text) {
        for (PlatformKind k : values()) {
            if (k.option.equals(text == null ? null : text.trim().toLowerCase(Locale.ROOT))) return k;
        }
        throw new InvalidServiceDefinitionException(
                "--platform", "'" + text + "' is not a platform; use windows, systemd or launchd");
    }

    /** The platform of an OS named like {@code os.name}: Windows, Mac OS X, Linux (and other Unixes: systemd). */
    public static PlatformKind forOsName(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) return WINDOWS;
        if (os.startsWith("mac") || os.startsWith("darwin")) return LAUNCHD;
        return SYSTEMD;
    }

    public static PlatformKind current() {
        return forOsName(System.getProperty("os.name", ""));
    }
}
