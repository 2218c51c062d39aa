package io.jobwarden.server.http;

import io.jobwarden.server.http.auth.ApiToken;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How the HTTP interface listens and whom it lets in; the integrator maps the {@code http} and {@code security}
 * sections of {@code jobwarden.yml} onto it. {@link #toString} never shows tokens, passwords or the secret.
 *
 * @param bind               address to listen on; loopback unless tokens are configured
 * @param port               0 picks a free port (see {@link ApiServer#port()})
 * @param keystore           a PKCS12 keystore to serve HTTPS from, or null for plain HTTP
 * @param keystorePassword   its password (null when there is none)
 * @param tokens             bearer tokens; none means every request is allowed (loopback only)
 * @param controlSecret      the HMAC key of {@code POST /control}; null turns {@code /control} off (403 always)
 * @param maxBodyBytes       larger request bodies get 400
 * @param metricsPublic      true: {@code /metrics} needs no token; false: it needs a viewer token
 * @param diskPath           the directory whose free space {@code /health} watches (the data directory)
 * @param diskThresholdBytes {@code diskSpace} is DOWN below this many free bytes
 * @param allowedHosts       with tokens, the {@code Host} names (or {@code *.domain}) requests may carry besides
 *                           loopback and the bind address; empty allows any. Without tokens only loopback and the
 *                           bind address are answered, whatever this says.
 */
public record HttpSettings(
        String bind,
        int port,
        Path keystore,
        String keystorePassword,
        List<ApiToken> tokens,
        String controlSecret,
        int maxBodyBytes,
        boolean metricsPublic,
        Path diskPath,
        long diskThresholdBytes,
        List<String> allowedHosts) {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final long DEFAULT_DISK_THRESHOLD = 10L * 1024 * 1024;

    public HttpSettings {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535)
            throw new IllegalArgumentException("http.port must be from 0 to 65535, not " + port);
        if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes must be positive");
        if (diskThresholdBytes < 0) throw new IllegalArgumentException("diskThresholdBytes must not be negative");
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        diskPath = diskPath == null ? Path.of(".") : diskPath;
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        if (controlSecret != null && controlSecret.isEmpty()) controlSecret = null;
    }

    /** 127.0.0.1:8080, plain HTTP, no tokens, no control secret, 64 KiB bodies, public metrics. */
    public static HttpSettings defaults() {
        return new HttpSettings(
                "127.0.0.1",
                DEFAULT_PORT,
                null,
                null,
                List.of(),
                null,
                DEFAULT_MAX_BODY_BYTES,
                true,
                Path.of("."),
                DEFAULT_DISK_THRESHOLD,
                List.of());
    }

    public HttpSettings withBind(String newBind) {
        return new HttpSettings(
                newBind,
                port,
                keystore,
                keystorePassword,
                tokens,
                controlSecret,
                maxBodyBytes,
                metricsPublic,
                diskPath,
                diskThresholdBytes,
                allowedHosts);
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(
                bind,
                newPort,
                keystore,
                keystorePassword,
                tokens,
                controlSecret,
                maxBodyBytes,
                metricsPublic,
                diskPath,
                diskThresholdBytes,
                allowedHosts);
    }

    public HttpSettings withTls(Path newKeystore, String password) {
        return new HttpSettings(
                bind,
                port,
                newKeystore,
                password,
                tokens,
                controlSecret,
                maxBodyBytes,
                metricsPublic,
                diskPath,
                diskThresholdBytes,
                allowedHosts);
    }

    public HttpSettings withTokens(List<ApiToken> newTokens) {
        return new HttpSettings(
                bind,
                port,
                keystore,
                keystorePassword,
                newTokens,
                controlSecret,
                maxBodyBytes,
                metricsPublic,
                diskPath,
                diskThresholdBytes,
                allowedHosts);
    }

    public HttpSettings withControlSecret(String secret) {
        return new HttpSettings(
                bind,
                port,
                keystore,
                keystorePassword,
                tokens,
                secret,
                maxBodyBytes,
                metricsPublic,
                diskPath,
                diskThresholdBytes,
                allowedHosts);
    }

    public HttpSettings withMetricsPublic(boolean open) {
        return new HttpSettings(
                bind,
                port,
                keystore,
                keystorePassword,
                tokens,
                controlSecret,
                maxBodyBytes,
                open,
                diskPath,
                diskThresholdBytes,
                allowedHosts);
    }

    public HttpSettings withDisk(Path path, long thresholdBytes) {
        return new HttpSettings(
                bind,
                port,
                keystore,
                keystorePassword,
                tokens,
                controlSecret,
                maxBodyBytes,
                metricsPublic,
                path,
                thresholdBytes,
                allowedHosts);
    }

    public HttpSettings withAllowedHosts(List<String> hosts) {
        return new HttpSettings(
                bind,
                port,
                keystore,
                keystorePassword,
                tokens,
                controlSecret,
                maxBodyBytes,
                metricsPublic,
                diskPath,
                diskThresholdBytes,
                hosts);
    }

    public boolean tls() {
        return keystore != null;
    }

    @Override
    public String toString() {
        return "HttpSettings[bind=" + bind + ", port=" + port + ", tls=" + (tls() ? keystore : "off")
                + ", tokens=" + tokens + ", control=" + (controlSecret == null ? "off" : "on")
                + ", maxBodyBytes=" + maxBodyBytes + ", metricsPublic=" + metricsPublic
                + ", diskPath=" + diskPath + ", diskThresholdBytes=" + diskThresholdBytes
                + ", allowedHosts=" + allowedHosts + "]";
    }
}
