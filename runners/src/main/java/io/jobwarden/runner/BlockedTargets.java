package io.jobwarden.runner;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Addresses no http job may call: link-local networks and the cloud metadata services on them or beside them.
 * From there a job could read the host's cloud credentials, which its author was never given. Checked on the
 * URL as written when a job is registered, and on every resolved address before each request and redirect.
 */
final class BlockedTargets {
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog");
    private static final Set<String> METADATA_ADDRESSES = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.%a-zA-Z]*");

    private BlockedTargets() {}

    /** Why {@code host} as written may not be called; empty when only its resolved addresses can tell. */
    static Optional<String> refusal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        if (METADATA_NAMES.contains(h)) return Optional.of(host + " is a cloud metadata service");
        if (!IP_LITERAL.matcher(h).matches()) return Optional.empty();
        try {
            // A literal: parsed, never looked up.
            return refusal(InetAddress.getByName(h));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static Optional<String> refusal(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        if (zone >= 0) text = text.substring(0, zone);
        if (address.isLinkLocalAddress())
            return Optional.of(text + " is a link-local address (169.254.0.0/16, fe80::/10)");
        if (METADATA_ADDRESSES.contains(text)) return Optional.of(text + " is a cloud metadata service");
        if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            byte[] b = v6.getAddress();
            try {
                return refusal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
