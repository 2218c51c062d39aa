package io.jobwarden.server.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as users write them: {@code 512KB 50MB 2GB}, 1024-based; a bare number is bytes. */
public final class Sizes {
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);
    private static final long KB = 1024;

    private Sizes() {}

    /** @throws IllegalArgumentException with a message fit to show the user */
    public static long parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a size; use a whole number and a unit: 512KB, 50MB, 2GB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        return switch (unit) {
            case "KB" -> n * KB;
            case "MB" -> n * KB * KB;
            case "GB" -> n * KB * KB * KB;
            default -> n;
        };
    }

    /** The shortest exact form in the same syntax. */
    public static String format(long bytes) {
        if (bytes != 0 && bytes % (KB * KB * KB) == 0) return bytes / (KB * KB * KB) + "GB";
        if (bytes != 0 && bytes % (KB * KB) == 0) return bytes / (KB * KB) + "MB";
        if (bytes != 0 && bytes % KB == 0) return bytes / KB + "KB";
        return bytes + "B";
    }
}
