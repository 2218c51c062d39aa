package io.jobwarden.server.config;

import java.util.Optional;

/** {@code registry}: service discovery systems this node announces itself to; none unless configured. */
public record RegistrySection(Optional<ConsulSection> consul) {
    public static final RegistrySection NONE = new RegistrySection(Optional.empty());
}
