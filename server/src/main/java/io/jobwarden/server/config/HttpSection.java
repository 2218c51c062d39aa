package io.jobwarden.server.config;

import io.jobwarden.server.http.BindAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where the HTTP API, health and metrics listen (plain HTTP unless {@code tls} is present), which {@code Host}
 * names it answers to ({@code http.allowed-hosts}), and whether {@code /metrics} needs a token ({@code
 * metrics.auth}, its own top-level section in the file).
 */
public record HttpSection(
        String bind, int port, Optional<TlsSection> tls, List<String> allowedHosts, MetricsAuth metricsAuth) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    /** {@code metrics.auth}: who may read {@code /metrics}. */
    public enum MetricsAuth {
        NONE,
        VIEWER;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public HttpSection {
        allowedHosts = List.copyOf(allowedHosts);
    }

    public HttpSection(String bind, int port, Optional<TlsSection> tls) {
        this(bind, port, tls, List.of(), MetricsAuth.NONE);
    }

    public HttpSection withPort(int newPort) {
        return new HttpSection(bind, newPort, tls, allowedHosts, metricsAuth);
    }

    public HttpSection withMetricsAuth(MetricsAuth auth) {
        return new HttpSection(bind, port, tls, allowedHosts, auth);
    }

    public BindAddress address() {
        return new BindAddress(bind, port, tls.isPresent());
    }
}
