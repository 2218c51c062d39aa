package io.jobwarden.server.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwarden.server.http.control.ControlSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts (a run's final failure, a worker restart, a crash loop) as small JSON bodies to the configured webhook,
 * signed like {@code /control} when a secret is set. Delivery happens on a thread of its own from a bounded queue:
 * a slow or dead receiver never blocks the engine; failures are retried with backoff, then logged and dropped.
 */
public final class AlertWebhook implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int QUEUE = 1000;
    static final int ATTEMPTS = 4;

    private final URI url;
    private final String secret;
    private final Clock clock;
    private final Duration firstBackoff;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final BlockingQueue<Map<String, Object>> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread sender;
    private volatile boolean closed;

    /** @param secret null to send unsigned */
    public AlertWebhook(URI url, String secret, Clock clock, Duration firstBackoff) {
        this.url = url;
        this.secret = secret;
        this.clock = clock;
        this.firstBackoff = firstBackoff;
        this.sender = new Thread(this::sendLoop, "jobwarden-alerts");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    public AlertWebhook(URI url, String secret) {
        this(url, secret, Clock.systemUTC(), Duration.ofSeconds(2));
    }

    /** Queues an alert; never blocks. {@code event} is e.g. {@code run.failed}, {@code worker.restarted}. */
    public void send(String event, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("time", clock.instant().toString());
        body.putAll(fields);
        if (!queue.offer(body)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 100 == 0) log.warn("alert queue full: {} alerts dropped so far", n);
        }
    }

    public long dropped() {
        return dropped.get();
    }

    private void sendLoop() {
        while (!closed || !queue.isEmpty()) {
            Map<String, Object> alert;
            try {
                alert = queue.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (alert != null) deliver(alert);
        }
    }

    private void deliver(Map<String, Object> alert) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(alert);
        } catch (Exception e) {
            log.error("alert {} could not be written as JSON: {}", alert.get("event"), e.toString());
            return;
        }
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String failure = post(body);
            if (failure == null) return;
            if (attempt == ATTEMPTS || closed) {
                log.error(
                        "alert {} could not be delivered to {} after {} attempts: {}",
                        alert.get("event"),
                        url.getHost(),
                        attempt,
                        failure);
                return;
            }
            log.warn(
                    "alert {} delivery failed ({}); retrying in {} ms",
                    alert.get("event"),
                    failure,
                    backoff.toMillis());
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2);
        }
    }

    /** @return null on success, else why it failed */
    private String post(byte[] body) {
        long now = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header("X-Jobwarden-Timestamp", Long.toString(now))
                    .header("X-Jobwarden-Signature", new ControlSignature(secret).sign(Long.toString(now), body));
        }
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    /** Sends what is queued for up to a few seconds, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
