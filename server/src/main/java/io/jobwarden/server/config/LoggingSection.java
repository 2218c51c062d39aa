package io.jobwarden.server.config;

import java.nio.file.Path;

/**
 * The service log: {@code jobwarden.log} under {@code dir} (absolute), rolled daily and at {@code maxFileSize} bytes,
 * kept for {@code maxHistory} days within {@code totalSizeCap} bytes; JSON lines when {@code json}. {@code level}
 * is a Logback level name in upper case. {@code eventLog} also sends errors to the Windows Event Log.
 */
public record LoggingSection(
        Path dir, long maxFileSize, int maxHistory, long totalSizeCap, boolean json, boolean eventLog, String level) {
    public static final String DEFAULT_DIR = "logs";
    public static final long DEFAULT_MAX_FILE_SIZE = 50L * 1024 * 1024;
    public static final int DEFAULT_MAX_HISTORY = 14;
    public static final long DEFAULT_TOTAL_SIZE_CAP = 1024L * 1024 * 1024;
    public static final String DEFAULT_LEVEL = "INFO";

    /** The active log file. */
    public Path file() {
        return dir.resolve("jobwarden.log");
    }

    /** Where crash reports go (docs/semantics.md#supervision-and-crash-capture). */
    public Path crashDir() {
        return dir.resolve("crash");
    }
}
