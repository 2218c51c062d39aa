package io.jobwarden.server.config;

import java.net.URI;
import java.util.Optional;

/** Where failure alerts are posted; {@code secret} signs them when present. */
public record WebhookSection(URI url, Optional<Secret> secret) {
    @Override
    public String toString() {
        return "WebhookSection[url=" + Redaction.redact(url.toString()) + ", secret=" + secret + "]";
    }
}
