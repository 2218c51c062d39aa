package io.jobwarden.server.config;

import io.jobwarden.engine.TypedValues;
import io.jobwarden.engine.ValidationErrors;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the {@code registry} section; every problem is reported at its path, the token never echoed. */
final class RegistryReader {
    /** Consul service names are DNS labels: it serves them as {@code <service>.service.consul}. */
    static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    /** Ids go into the deregister URL's path, so nothing that needs escaping there. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    private RegistryReader() {}

    static RegistrySection read(ConfigNode node, String instanceName) {
        Optional<ConsulSection> consul =
                node.has("consul") ? consul(node.section("consul"), instanceName) : Optional.empty();
        node.rejectUnknownKeys();
        return new RegistrySection(consul);
    }

    private static Optional<ConsulSection> consul(ConfigNode node, String instanceName) {
        ValidationErrors at = node.errors();
        Optional<URI> url = node.requiredString("url", "is required: the Consul agent, e.g. http://127.0.0.1:8500")
                .flatMap(u -> agentUrl(u, at));
        String service = node.string("service", instanceName);
        if (!SERVICE.matcher(service).matches())
            at.add(
                    "service",
                    "'" + TypedValues.abbreviate(service)
                            + "' is not a Consul service name; use letters, digits and '-', at most 63 characters");
        Optional<String> id = node.optionalString("id");
        id.filter(i -> !ID.matcher(i).matches())
                .ifPresent(i -> at.add(
                        "id",
                        "'" + TypedValues.abbreviate(i)
                                + "' may use only letters, digits, '.', '_' and '-', at most 128 characters"));
        Optional<String> address = node.optionalString("address");
        address.filter(a -> !isHost(a))
                .ifPresent(a -> at.add(
                        "address",
                        "'" + TypedValues.abbreviate(a) + "' is not a host name or IP address (no scheme, no port)"));
        List<String> tags = node.strings("tags");
        Duration interval = node.duration("check-interval", ConsulSection.DEFAULT_CHECK_INTERVAL);
        Duration timeout = node.duration("check-timeout", ConsulSection.DEFAULT_CHECK_TIMEOUT);
        Duration deregister =
                node.duration("deregister-critical-after", ConsulSection.DEFAULT_DEREGISTER_CRITICAL_AFTER);
        if (deregister.compareTo(ConsulSection.MIN_DEREGISTER_CRITICAL_AFTER) < 0)
            at.add("deregister-critical-after", "must be at least 1m (Consul's minimum)");
        Optional<Secret> token = node.secret("token");
        node.rejectUnknownKeys();
        return url.map(u -> new ConsulSection(u, service, id, address, tags, interval, timeout, deregister, token));
    }

    private static Optional<URI> agentUrl(String text, ValidationErrors at) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getUserInfo() == null) return Optional.of(uri);
        } catch (URISyntaxException e) {
            // reported below, as a URL of the wrong scheme is
        }
        // Not echoed: a URL may carry credentials.
        at.add(
                "url",
                "must be an http:// or https:// URL of the Consul agent without user info, e.g. http://127.0.0.1:8500");
        return Optional.empty();
    }

    /** A host name, an IPv4 address (which the name pattern also admits) or an IPv6 literal, without brackets. */
    private static boolean isHost(String text) {
        if (HOST.matcher(text).matches()) return true;
        if (!IPV6.matcher(text).matches()) return false;
        try {
            // A literal: parsed, never looked up.
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
