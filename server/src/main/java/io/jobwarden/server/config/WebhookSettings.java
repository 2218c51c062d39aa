package io.jobwarden.server.config;

import java.net.URI;
import java.util.Optional;

/** Where failure alerts are posted; {@code secret} signs them when present. */
public record WebhookSettings(URI url, Optional<Secret> secret) {
    @Override
    public String toString() {
        return "WebhookSettings[url=" + Redaction.redact(url.toString()) + ", secret=" + secret + "]";
    }
}
