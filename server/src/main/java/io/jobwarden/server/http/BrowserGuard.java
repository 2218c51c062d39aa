package io.jobwarden.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.jobwarden.server.http.auth.BearerAuthenticator;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps web pages from driving the API through a visitor's browser. A browser lets any page send a "simple"
 * cross-site POST (text/plain, form bodies) without asking the server first, and a DNS-rebinding page reaches a
 * loopback server under its own host name; both would otherwise reach an open (token-less) instance. So, before any
 * body is read and before authentication:
 *
 * <ul>
 *   <li>in open mode, a {@code Host} that is not a loopback name or address or the bind address is refused (403);
 *       with tokens, {@code http.allowed-hosts} restricts {@code Host} the same way when it is set;
 *   <li>an {@code Origin} other than the server's own is refused (403), and so is {@code Sec-Fetch-Site:
 *       cross-site} on every request and {@code same-site} on a request that changes state;
 *   <li>a request that changes state must say {@code Content-Type: application/json} (403, like the two above: the same cross-site defence), which no page can send
 *       cross-site without a CORS preflight this server never grants.
 * </ul>
 *
 * Method-override headers are not read anywhere, so a GET stays a GET.
 */
public final class BrowserGuard implements Handler {
    private static final Logger log = LoggerFactory.getLogger(BrowserGuard.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final BearerAuthenticator authenticator;
    private final String bind;
    private final List<String> allowedHosts;

    /**
     * @param bind         the address the server listens on; a {@code Host} naming it is always this server
     * @param allowedHosts host names or {@code *.domain} patterns; empty means any host once tokens are configured
     */
    public BrowserGuard(BearerAuthenticator authenticator, String bind, List<String> allowedHosts) {
        this.authenticator = authenticator;
        this.bind = hostOnly(bind);
        this.allowedHosts =
                allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public void handle(Context ctx) {
        String method = ctx.req().getMethod().toUpperCase(Locale.ROOT);
        boolean changesState = !SAFE_METHODS.contains(method);
        String host = ctx.header("Host");
        if (!hostAllowed(host)) {
            refuse(ctx, 403, "Host", "this server does not answer to the host name the request was sent to");
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            String s = site.trim().toLowerCase(Locale.ROOT);
            if (s.equals("cross-site") || (changesState && s.equals("same-site"))) {
                refuse(ctx, 403, "Sec-Fetch-Site", "requests from other sites are refused");
            }
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, ctx.scheme(), host)) {
            refuse(ctx, 403, "Origin", "requests from other origins are refused");
        }
        if (changesState && !isJson(ctx.header("Content-Type"))) {
            refuse(ctx, 403, "Content-Type", "must be application/json for " + method + " requests");
        }
    }

    private void refuse(Context ctx, int status, String field, String message) {
        log.info("{} {} from {} refused: {} {}", ctx.req().getMethod(), ctx.path(), ctx.ip(), field, message);
        throw new ApiException(status, field, message);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return media.equalsIgnoreCase("application/json");
    }

    private boolean hostAllowed(String hostHeader) {
        boolean open = authenticator.open();
        if (!open && allowedHosts.isEmpty()) return true;
        if (hostHeader == null || hostHeader.isBlank()) return false;
        String host = hostOnly(hostHeader);
        if (isLoopback(host) || host.equals(bind)) return true;
        if (open) return false;
        for (String pattern : allowedHosts) {
            if (pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern)) return true;
        }
        return false;
    }

    /** The host of a {@code Host} header or bind address, lower case, without port; IPv6 keeps its brackets. */
    static String hostOnly(String hostAndPort) {
        String h = hostAndPort.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        if (h.chars().filter(c -> c == ':').count() > 1) return "[" + h + "]"; // a bare IPv6 bind address
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost") || host.equals("[::1]")) return true;
        if (!IPV4.matcher(host).matches()) return false;
        try {
            // Only a dotted-quad literal gets here, so this parses it and never asks DNS.
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Scheme, host and port of {@code origin} equal the server's, as the request reached it. */
    static boolean sameOrigin(String origin, String scheme, String hostHeader) {
        if (hostHeader == null) return false;
        String own = scheme.toLowerCase(Locale.ROOT) + "://" + withPort(hostHeader, scheme);
        String o = origin.trim().toLowerCase(Locale.ROOT);
        int sep = o.indexOf("://");
        if (sep < 0) return false; // "null" and other opaque origins
        return (o.substring(0, sep) + "://" + withPort(o.substring(sep + 3), o.substring(0, sep))).equals(own);
    }

    private static String withPort(String hostAndPort, String scheme) {
        String h = hostAndPort.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith("/")) h = h.substring(0, h.length() - 1);
        int bracket = h.lastIndexOf(']');
        int colon = h.lastIndexOf(':');
        if (colon > bracket) return h;
        return h + ":" + (scheme.equalsIgnoreCase("https") ? 443 : 80);
    }
}
