package io.jobwarden.server.http;

import java.net.URI;

/**
 * The address the HTTP interface listens on, and the URL a client on this machine reaches it at. The server, the
 * {@code jobs} client and the service's control calls all derive that URL here, so they agree on it.
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
        String h = isWildcard() ? LOOPBACK : host;
        if (h.contains(":") && !h.startsWith("[")) h = "[" + h + "]";
        return URI.create((tls ? "https" : "http") + "://" + h + ":" + port);
    }

    private boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
