package io.jobwarden.runner;

import java.util.List;
import java.util.Locale;

/**
 * The hosts of {@code security.http-allow}: {@code api.example.com} and {@code 10.1.2.3} match that host exactly,
 * {@code *.example.com} any name under example.com (not example.com itself). Empty allows every host.
 */
public record HostPatterns(List<String> patterns) {
    public static final HostPatterns ANY = new HostPatterns(List.of());

    public HostPatterns {
        patterns = patterns.stream().map(HostPatterns::normal).toList();
    }

    public boolean restricts() {
        return !patterns.isEmpty();
    }

    public boolean allows(String host) {
        if (patterns.isEmpty()) return true;
        if (host == null) return false;
        String h = normal(host);
        for (String p : patterns) {
            if (p.startsWith("*.") ? h.endsWith(p.substring(1)) && h.length() > p.length() - 1 : h.equals(p))
                return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(", ", patterns);
    }

    /** Case, IPv6 brackets and a trailing root dot do not make another host. */
    private static String normal(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h;
    }
}
