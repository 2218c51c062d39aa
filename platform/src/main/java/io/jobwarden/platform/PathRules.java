package io.jobwarden.platform;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a platform spells file paths, as text: a service definition is often written for another OS than the one
 * running {@code install} (a dry run for Windows on Linux), where {@link java.nio.file.Path} would apply the
 * wrong rules ({@code C:\jw\billing.yml} is a relative file name on Linux, {@code /var/lib/jobwarden} is not
 * absolute on Windows).
 */
public enum PathRules {
    POSIX('/'),
    WINDOWS('\\');

    /**
     * Set to true to check paths by Windows rules on any host, so that the failure class "a POSIX path taken for
     * absolute" shows up on Linux before it reaches the Windows workflow.
     */
    public static final String PRETEND_WINDOWS_PROPERTY = "jobwarden.test.pretend-windows";

    private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("([A-Za-z]:[\\\\/]|\\\\\\\\[^\\\\]+\\\\).*");

    private final char separator;

    PathRules(char separator) {
        this.separator = separator;
    }

    public char separator() {
        return separator;
    }

    public static PathRules of(PlatformKind kind) {
        return kind == PlatformKind.WINDOWS ? WINDOWS : POSIX;
    }

    /** The rules of the OS this JVM runs on, or Windows' when {@link #PRETEND_WINDOWS_PROPERTY} is set. */
    public static PathRules host() {
        if (Boolean.getBoolean(PRETEND_WINDOWS_PROPERTY)) return WINDOWS;
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? WINDOWS : POSIX;
    }

    /** Absolute means independent of any working directory: a drive and a root, or a UNC share, on Windows. */
    public boolean isAbsolute(String path) {
        return switch (this) {
            case POSIX -> path.startsWith("/");
            case WINDOWS -> WINDOWS_ABSOLUTE.matcher(path).matches();
        };
    }

    /** {@code child} under {@code directory}, with this platform's separator. */
    public String resolve(String directory, String child) {
        if (isAbsolute(child)) return child;
        boolean separated = directory.endsWith(String.valueOf(separator)) || directory.endsWith("/");
        return separated ? directory + child : directory + separator + child;
    }

    /** The directory part of an absolute path; the path itself when it is a root. */
    public String parent(String path) {
        int cut = Math.max(path.lastIndexOf(separator), this == WINDOWS ? path.lastIndexOf('/') : -1);
        if (cut < 0) return path;
        String parent = path.substring(0, cut);
        if (this == POSIX && parent.isEmpty()) return "/";
        if (this == WINDOWS && parent.matches("[A-Za-z]:")) return parent + separator;
        return parent;
    }
}
