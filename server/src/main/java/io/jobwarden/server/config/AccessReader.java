package io.jobwarden.server.config;

import io.jobwarden.engine.TypedValues;
import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.server.http.auth.Role;
import io.jobwarden.server.http.jobs.ApiJobPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads who can reach the instance and how: the {@code http} and {@code security} sections, and the rule tying
 * them together (no tokens, loopback only). Secrets read here are never echoed in an error.
 */
final class AccessReader {
    static final int MIN_SECRET_LENGTH = 16;
    private static final Pattern HOST_NAME =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*]?");

    private final Path baseDir;
    private boolean tokensWritten;

    AccessReader(Path baseDir) {
        this.baseDir = baseDir;
    }

    HttpSection http(ConfigNode node) {
        String bind = node.string("bind", HttpSection.DEFAULT_BIND);
        if (!HOST_NAME.matcher(bind).matches() && !isIpLiteral(bind)) {
            node.errors()
                    .add(
                            "bind",
                            "'" + TypedValues.abbreviate(bind)
                                    + "' is not an address; use an IP address like 127.0.0.1 or 0.0.0.0, or a host name");
        }
        int port = node.integer("port", HttpSection.DEFAULT_PORT, 1, 65535);
        Optional<TlsSection> tls = node.has("tls") ? tls(node.section("tls")) : Optional.empty();
        List<String> allowedHosts = allowedHosts(node);
        node.rejectUnknownKeys();
        return new HttpSection(bind, port, tls, allowedHosts, HttpSection.MetricsAuth.NONE);
    }

    /** Host names, or {@code *.domain} for every name under a domain; no ports, no other wildcards. */
    private static List<String> allowedHosts(ConfigNode node) {
        List<String> hosts = new ArrayList<>();
        List<String> raw = node.strings("allowed-hosts");
        for (int i = 0; i < raw.size(); i++) {
            String h = raw.get(i).trim().toLowerCase(Locale.ROOT);
            String name = h.startsWith("*.") ? h.substring(2) : h;
            if (HOST_NAME.matcher(name).matches() || (!h.startsWith("*.") && isIpLiteral(name))) {
                hosts.add(h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h);
            } else {
                node.errors()
                        .at("allowed-hosts")
                        .add(
                                "[" + i + "]",
                                "'" + TypedValues.abbreviate(raw.get(i))
                                        + "' is not a host name; write a name like jobs.example.com, *.example.com"
                                        + " for every name under a domain, or an IP address, without a port");
            }
        }
        return hosts;
    }

    /** The top-level {@code metrics} section: {@code auth: none | viewer}. */
    HttpSection.MetricsAuth metricsAuth(ConfigNode node) {
        HttpSection.MetricsAuth auth = node.choice(
                "auth",
                HttpSection.MetricsAuth.NONE,
                HttpSection.MetricsAuth.values(),
                HttpSection.MetricsAuth::configName);
        node.rejectUnknownKeys();
        return auth;
    }

    private Optional<TlsSection> tls(ConfigNode node) {
        Optional<Path> keystore = node.has("keystore") ? node.path("keystore", baseDir) : Optional.empty();
        if (!node.has("keystore")) node.errors().add("keystore", "is required to serve HTTPS");
        Optional<Secret> password = node.secret("password");
        if (!node.has("password")) node.errors().add("password", "is required with a keystore");
        keystore.filter(k -> !Files.isRegularFile(k))
                .ifPresent(k -> node.errors().add("keystore", "file " + k + " does not exist"));
        node.rejectUnknownKeys();
        if (keystore.isEmpty() || password.isEmpty()) return Optional.empty();
        return Optional.of(new TlsSection(keystore.get(), password.get()));
    }

    SecuritySection security(ConfigNode node) {
        List<TokenSection> tokens = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Map<Secret, Integer> tokenValues = new HashMap<>();
        List<Object> raw = node.list("tokens");
        tokensWritten = !raw.isEmpty();
        for (int i = 0; i < raw.size(); i++) {
            ConfigNode entry =
                    ConfigNode.of(raw.get(i), node.errors().at("tokens").at("[" + i + "]"));
            Optional<String> name = entry.requiredString("name", "is required");
            Optional<Secret> token =
                    entry.requiredString("token", "is required").map(Secret::of);
            Optional<Role> role = entry.has("role")
                    ? Optional.of(entry.choice("role", Role.VIEWER, Role.values(), Role::configName))
                    : Optional.empty();
            if (!entry.has("role")) entry.errors().add("role", "is required; use viewer, operator or admin");
            token.filter(t -> t.length() < MIN_SECRET_LENGTH)
                    .ifPresent(
                            t -> entry.errors().add("token", "must be at least " + MIN_SECRET_LENGTH + " characters"));
            Integer earlier = name.isPresent() ? names.putIfAbsent(name.get(), i) : null;
            if (earlier != null)
                entry.errors()
                        .add(
                                "name",
                                "'" + TypedValues.abbreviate(name.get()) + "' is already used by security.tokens["
                                        + earlier + "]");
            Integer sameToken = token.isPresent() ? tokenValues.putIfAbsent(token.get(), i) : null;
            if (sameToken != null)
                entry.errors()
                        .add(
                                "token",
                                "is the same as security.tokens[" + sameToken + "].token; give every client its own");
            entry.rejectUnknownKeys();
            if (name.isPresent() && token.isPresent() && role.isPresent())
                tokens.add(new TokenSection(name.get(), token.get(), role.get()));
        }
        Optional<Secret> controlSecret = node.secret("control-secret");
        controlSecret
                .filter(s -> s.length() < MIN_SECRET_LENGTH)
                .ifPresent(s ->
                        node.errors().add("control-secret", "must be at least " + MIN_SECRET_LENGTH + " characters"));
        ApiJobPolicy apiJobs = apiJobs(node);
        node.rejectUnknownKeys();
        return new SecuritySection(tokens, controlSecret, apiJobs);
    }

    private static ApiJobPolicy apiJobs(ConfigNode node) {
        boolean codeJobs = node.bool("api-code-jobs", true);
        List<String> allow = node.strings("http-allow");
        for (int i = 0; i < allow.size(); i++) {
            String pattern = allow.get(i).strip();
            String host = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
            if (!HOST_NAME.matcher(host).matches() && !isIpLiteral(host)) {
                node.errors()
                        .at("http-allow")
                        .add(
                                "[" + i + "]",
                                "'" + TypedValues.abbreviate(pattern)
                                        + "' is not a host pattern; use a host name (api.example.com), *.example.com or an IP address");
            }
        }
        Duration minPeriod = node.duration("min-period", ApiJobPolicy.DEFAULT_MIN_PERIOD);
        int maxJobs = node.integer("max-jobs", ApiJobPolicy.DEFAULT_MAX_JOBS, 1, Integer.MAX_VALUE);
        return new ApiJobPolicy(codeJobs, allow.stream().map(String::strip).toList(), minPeriod, maxJobs);
    }

    /**
     * Without tokens every request is allowed, so only this machine may be allowed to make them. Call after
     * {@link #security}; tokens that are written but wrong are reported there, not again here.
     */
    void checkBind(HttpSection http, ValidationErrors at) {
        if (!tokensWritten && !isLoopback(http.bind())) {
            at.add(
                    "bind",
                    "binding to " + http.bind()
                            + " needs security.tokens; without tokens only a loopback address is allowed");
        }
    }

    static boolean isLoopback(String bind) {
        if (bind.equalsIgnoreCase("localhost")) return true;
        if (!isIpLiteral(bind)) return false;
        try {
            // Only literals get here, so this parses the address and never asks DNS.
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isIpLiteral(String bind) {
        if (!IP_LITERAL.matcher(bind).matches()) return false;
        try {
            InetAddress.getByName(bind.toLowerCase(Locale.ROOT));
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
