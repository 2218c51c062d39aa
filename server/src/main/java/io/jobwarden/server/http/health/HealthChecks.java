package io.jobwarden.server.http.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs health checks side by side, each within a time limit, so a hung database makes {@code store} DOWN instead
 * of making {@code /health} hang. A check still running from an earlier request is waited on again rather than
 * started twice, so a hung component costs one thread, not one per probe.
 */
public final class HealthChecks implements AutoCloseable {
    private final Duration timeout;
    private final ExecutorService threads;
    private final Map<HealthContributor, Future<Health>> inFlight = new ConcurrentHashMap<>();

    public HealthChecks(Duration timeout) {
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jobwarden-health-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The overall state: DOWN when any required component is DOWN. */
    public record Report(Health.Status status, Map<String, Health> components) {
        public boolean isUp() {
            return status == Health.Status.UP;
        }

        public Map<String, Object> toJson() {
            Map<String, Object> parts = new LinkedHashMap<>();
            components.forEach((name, health) -> parts.put(name, health.toJson()));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", status.name());
            out.put("components", parts);
            return out;
        }
    }

    public Report run(List<HealthContributor> contributors) {
        Map<HealthContributor, Future<Health>> started = new LinkedHashMap<>();
        for (HealthContributor c : contributors) {
            started.put(c, inFlight.computeIfAbsent(c, key -> threads.submit(key::check)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Health> components = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<HealthContributor, Future<Health>> e : started.entrySet()) {
            Health health = await(e.getKey(), e.getValue(), deadline);
            components.put(e.getKey().name(), health);
            if (!health.isUp() && e.getKey().required()) up = false;
        }
        return new Report(up ? Health.Status.UP : Health.Status.DOWN, components);
    }

    private Health await(HealthContributor c, Future<Health> future, long deadline) {
        try {
            Health h = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            inFlight.remove(c, future);
            return h == null ? Health.down(Map.of("error", "the check returned nothing")) : h;
        } catch (TimeoutException e) {
            return Health.down(Map.of("error", "no answer within " + timeout.toMillis() + " ms"));
        } catch (ExecutionException e) {
            inFlight.remove(c, future);
            return Health.down(Map.of("error", describe(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down(Map.of("error", "interrupted"));
        }
    }

    /** One line for a failure: its type and message, never a stack trace in a public answer. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        String text = t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
