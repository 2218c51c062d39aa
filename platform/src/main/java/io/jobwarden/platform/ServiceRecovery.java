package io.jobwarden.platform;

import java.time.Duration;
import java.util.List;

/**
 * How the OS restarts the service after it fails: the delay before the first, second and later restarts, and
 * how long the service must run before the failure count starts over. Windows takes the list as recovery
 * actions; systemd and launchd have one delay, the first.
 */
public record ServiceRecovery(List<Duration> delays, Duration resetAfter) {
    public static final ServiceRecovery STANDARD = new ServiceRecovery(
            List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)), Duration.ofDays(1));

    public ServiceRecovery {
        delays = List.copyOf(delays);
        if (delays.isEmpty()) throw new IllegalArgumentException("a restart policy needs at least one delay");
        if (delays.stream().anyMatch(Duration::isNegative))
            throw new IllegalArgumentException("restart delays cannot be negative");
    }

    public Duration firstDelay() {
        return delays.get(0);
    }
}
