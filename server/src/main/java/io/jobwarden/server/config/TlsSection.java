package io.jobwarden.server.config;

import java.nio.file.Path;

/** HTTPS for the API: a PKCS#12 or JKS key store (absolute path) and its password. */
public record TlsSection(Path keystore, Secret password) {}
