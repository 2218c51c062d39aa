package io.jobwarden.platform;

import java.util.Optional;

/** What the OS service manager says about one service right now; {@code detail} is its own wording. */
public record ServiceStatus(ServiceState state, Optional<Long> pid, String detail) {
    public static ServiceStatus notInstalled() {
        return new ServiceStatus(ServiceState.NOT_INSTALLED, Optional.empty(), "not installed");
    }

    public static ServiceStatus of(ServiceState state, String detail) {
        return new ServiceStatus(state, Optional.empty(), detail);
    }

    /** One line for people: "running (pid 4242, active (running))". */
    public String describe() {
        String word = state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        StringBuilder s = new StringBuilder(word);
        String extra = pid.map(p -> "pid " + p).orElse("");
        if (!detail.isBlank() && !detail.equals(word)) extra = extra.isEmpty() ? detail : extra + ", " + detail;
        if (!extra.isEmpty()) s.append(" (").append(extra).append(')');
        return s.toString();
    }
}
