package io.jobwarden.server.http;

import java.net.URI;

/**
 * The address the HTTP interface listens on, and what follows from it: whether it is a wildcard, the URL a client on
 * this machine reaches it at, the URL of a host on its port. The server, the {@code jobs} client, the service's
 * control calls and the Consul registration all derive these here, so they agree on them.
 *
 * @param host a host name, an IPv4 address or an IPv6 address, with or without brackets
 * @param port the port listened on
 * @param tls  whether the interface serves HTTPS
 */
public record BindAddress(String host, int port, boolean tls) {
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * A wildcard bind listens on every interface, loopback among them, but is not an address one can connect to.
     * {@code ::} is dual-stack, so IPv4 loopback reaches it too.
     */
    public URI localUrl() {
        return urlOf(isWildcard() ? LOOPBACK : host);
    }

    /** Whether this listens on every interface: {@code 0.0.0.0}, {@code ::} (also bracketed), or no address. */
    public boolean isWildcard() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** The host as an address is written outside a URL: an IPv6 address without its brackets. */
    public String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** This port and scheme at {@code otherHost} (e.g. the address advertised for a wildcard bind). */
    public URI urlOf(String otherHost) {
        String h = otherHost.contains(":") && !otherHost.startsWith("[") ? "[" + otherHost + "]" : otherHost;
        return URI.create((tls ? "https" : "http") + "://" + h + ":" + port);
    }
}
