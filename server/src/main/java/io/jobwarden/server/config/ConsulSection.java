package io.jobwarden.server.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code registry.consul}: register this node with the Consul agent at {@code url}, with an HTTP check on
 * {@code /health}, and deregister it on a graceful stop.
 *
 * @param service                 the service name; the instance name unless set
 * @param id                      the service id; empty for {@code <service>-<host>-<port>}
 * @param address                 the address Consul advertises and checks; empty for the bind address, or this host's
 *                                address when the bind is a wildcard
 * @param deregisterCriticalAfter how long the check may fail before Consul removes a node that never deregistered
 * @param token                   the ACL token sent as {@code X-Consul-Token}
 */
public record ConsulSection(
        URI url,
        String service,
        Optional<String> id,
        Optional<String> address,
        List<String> tags,
        Duration checkInterval,
        Duration checkTimeout,
        Duration deregisterCriticalAfter,
        Optional<Secret> token) {
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DEREGISTER_CRITICAL_AFTER = Duration.ofMinutes(10);
    /** Consul refuses a shorter {@code DeregisterCriticalServiceAfter}. */
    public static final Duration MIN_DEREGISTER_CRITICAL_AFTER = Duration.ofMinutes(1);

    public ConsulSection {
        tags = List.copyOf(tags);
    }

    @Override
    public String toString() {
        return "ConsulSection[url=" + Redaction.redact(url.toString()) + ", service=" + service + ", id=" + id
                + ", address=" + address + ", tags=" + tags + ", checkInterval=" + checkInterval + ", checkTimeout="
                + checkTimeout + ", deregisterCriticalAfter=" + deregisterCriticalAfter + ", token=" + token + "]";
    }
}
