package io.jobwarden.server.config;

import io.jobwarden.server.http.BindAddress;
import java.util.Optional;

/** Where the HTTP API, health and metrics listen; plain HTTP unless {@code tls} is present. */
public record HttpSection(String bind, int port, Optional<TlsSection> tls) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public HttpSection withPort(int newPort) {
        return new HttpSection(bind, newPort, tls);
    }

    public BindAddress address() {
        return new BindAddress(bind, port, tls.isPresent());
    }
}
