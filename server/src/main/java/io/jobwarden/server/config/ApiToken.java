package io.jobwarden.server.config;

/** A client allowed to call the REST API with {@code Authorization: Bearer <token>}. */
public record ApiToken(String name, Secret token, Role role) {
}
