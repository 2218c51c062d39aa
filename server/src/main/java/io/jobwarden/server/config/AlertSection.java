package io.jobwarden.server.config;

import java.util.Optional;

/** Where failed runs are reported beyond the log. */
public record AlertSection(Optional<WebhookSection> webhook) {}
