package io.jobwarden.server.registry;

import io.jobwarden.server.config.ConsulSection;
import io.jobwarden.server.config.Redaction;
import io.jobwarden.server.http.BindAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's entry in Consul for as long as it runs: registered in the background once the API listens, retried
 * with backoff while the agent cannot be reached (a node never waits for Consul to start), and deregistered on a
 * graceful stop. A node that dies without deregistering is removed by Consul itself once its check has failed for
 * {@code deregister-critical-after}.
 */
public final class ConsulRegistration implements AutoCloseable {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(ConsulRegistration.class);

    private final ConsulAgent agent;
    private final ConsulService service;
    private final String agentUrl;
    private final Duration maxRetry;
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "consul-registration");
        t.setDaemon(true);
        return t;
    });
    private Duration nextRetry;
    private volatile boolean registered;
    private volatile boolean closed;

    ConsulRegistration(
            ConsulAgent agent, ConsulService service, String agentUrl, Duration firstRetry, Duration maxRetry) {
        this.agent = agent;
        this.service = service;
        this.agentUrl = agentUrl;
        this.nextRetry = firstRetry;
        this.maxRetry = maxRetry;
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Starts registering the node whose API listens on {@code port}; returns at once.
     *
     * @param bind the API's bind address: advertised unless {@code address} is set or it is a wildcard
     */
    public static ConsulRegistration start(ConsulSection section, String instance, String bind, int port, boolean tls) {
        return start(section, instance, bind, port, tls, FIRST_RETRY, MAX_RETRY);
    }

    static ConsulRegistration start(
            ConsulSection section,
            String instance,
            String bind,
            int port,
            boolean tls,
            Duration firstRetry,
            Duration maxRetry) {
        BindAddress api = new BindAddress(bind, port, tls);
        String address = section.address().orElseGet(() -> api.isWildcard() ? localAddress() : api.bareHost());
        ConsulService service = ConsulService.of(section, address, hostName(), api, Map.of("instance", instance));
        ConsulRegistration registration = new ConsulRegistration(
                new ConsulAgent(section.url(), section.token()),
                service,
                Redaction.redact(section.url().toString()),
                firstRetry,
                maxRetry);
        registration.executor.execute(registration::attempt);
        return registration;
    }

    /** Whether Consul has accepted the registration (and no deregistration followed). */
    public boolean registered() {
        return registered;
    }

    String serviceId() {
        return service.id();
    }

    private void attempt() {
        if (closed) return;
        try {
            agent.register(service.json());
            registered = true;
            log.info(
                    "registered service {} (id {}) with Consul at {}, check {} every {}",
                    service.name(),
                    service.id(),
                    agentUrl,
                    service.healthUrl(),
                    ConsulService.goDuration(service.checkInterval()));
        } catch (IOException | RuntimeException e) {
            // Anything unexpected is retried too: a task that threw would end the retries for good.
            log.warn(
                    "Consul registration of service {} at {} failed ({}); this node runs on and retries in {}",
                    service.name(),
                    agentUrl,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    ConsulService.goDuration(nextRetry));
            if (closed) return;
            executor.schedule(this::attempt, nextRetry.toMillis(), TimeUnit.MILLISECONDS);
            Duration doubled = nextRetry.multipliedBy(2);
            nextRetry = doubled.compareTo(maxRetry) > 0 ? maxRetry : doubled;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops retrying and, when registered, deregisters: Consul stops sending traffic here before the API goes. */
    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        try {
            // An attempt under way finishes first, so a registration it makes is also the one taken back.
            executor.awaitTermination(ConsulAgent.TIMEOUT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
            if (!registered) return;
            agent.deregister(service.id());
            registered = false;
            log.info("deregistered service {} (id {}) from Consul", service.name(), service.id());
        } catch (IOException e) {
            log.warn(
                    "Consul deregistration of {} failed ({}); Consul removes it once its check has failed for {}",
                    service.id(),
                    e.getMessage(),
                    ConsulService.goDuration(service.deregisterCriticalAfter()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What others reach this host at when it listens on every interface: its own address, as a pod's IP. */
    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
