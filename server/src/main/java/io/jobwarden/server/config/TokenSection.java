package io.jobwarden.server.config;

import io.jobwarden.server.http.auth.Role;

/** A client allowed to call the REST API with {@code Authorization: Bearer <token>}. */
public record TokenSection(String name, Secret token, Role role) {}
