package io.jobwarden.server.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.spi.ClaimedRun;
import io.jobwarden.server.http.control.ControlSignature;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The alert hook against a real local HTTP receiver. */
class AlertWebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToGive = new AtomicInteger();
    private final CountDownLatch hang = new CountDownLatch(1);
    private volatile boolean hanging;
    private HttpServer server;

    private URI start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            if (hanging) {
                try {
                    hang.await();
                } catch (InterruptedException ignored) {
                    // the test is over
                }
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failuresToGive.getAndDecrement() > 0 ? 503 : 204;
            if (status == 204) {
                received.add(Map.of(
                        "body",
                        body,
                        "timestamp",
                        String.valueOf(exchange.getRequestHeaders().getFirst("X-Jobwarden-Timestamp")),
                        "signature",
                        String.valueOf(exchange.getRequestHeaders().getFirst("X-Jobwarden-Signature"))));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        hang.countDown();
        if (server != null) server.stop(0);
    }

    private static ClaimedRun run() {
        return new ClaimedRun(
                42,
                JobSpec.of("backup", "@every 1m", "shell", Map.of()),
                Instant.parse("2026-11-26T02:00:00Z"),
                3,
                Instant.parse("2026-11-26T02:00:01Z"),
                null);
    }

    @Test
    void aFinalFailureIsPostedSignedAndARetriedOneIsNot() throws Exception {
        try (AlertWebhook hook =
                new AlertWebhook(start(), "0123456789abcdef-secret", Clock.systemUTC(), Duration.ofMillis(50))) {
            AlertListener alerts = new AlertListener(hook, "billing");
            alerts.runFinished(
                    run(), RunState.FAILED, Duration.ofSeconds(2), Instant.now().plusSeconds(30), "will retry");
            alerts.runFinished(run(), RunState.SUCCEEDED, Duration.ofSeconds(2), null, null);
            alerts.runFinished(run(), RunState.TIMED_OUT, Duration.ofSeconds(2), null, "timed out after 1m\nmore");
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            Thread.sleep(300);
            assertThat(received).hasSize(1);

            Map<String, String> got = received.get(0);
            JsonNode body = JSON.readTree(got.get("body"));
            assertThat(body.path("event").asText()).isEqualTo("run.failed");
            assertThat(body.path("job").asText()).isEqualTo("backup");
            assertThat(body.path("state").asText()).isEqualTo("TIMED_OUT");
            assertThat(body.path("attempt").asInt()).isEqualTo(3);
            assertThat(body.path("error").asText()).isEqualTo("timed out after 1m");
            assertThat(new ControlSignature("0123456789abcdef-secret")
                            .matches(
                                    got.get("timestamp"),
                                    got.get("body").getBytes(StandardCharsets.UTF_8),
                                    got.get("signature")))
                    .isTrue();
        }
    }

    @Test
    void aFailedDeliveryIsRetriedWithBackoff() throws Exception {
        failuresToGive.set(2);
        try (AlertWebhook hook = new AlertWebhook(start(), null, Clock.systemUTC(), Duration.ofMillis(50))) {
            hook.send("worker.restarted", Map.of("restarts", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            assertThat(received.get(0).get("signature")).isEqualTo("null");
        }
    }

    /** Sending into a full queue drops instead of waiting; a blocking send would hang here until the timeout. */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aReceiverThatHangsNeverBlocksTheCaller() throws Exception {
        hanging = true;
        try (AlertWebhook hook = new AlertWebhook(start(), null, Clock.systemUTC(), Duration.ofMillis(50))) {
            for (int i = 0; i < AlertWebhook.QUEUE + 50; i++) hook.send("run.failed", Map.of("i", i));
            assertThat(hook.dropped()).isGreaterThanOrEqualTo(49);
            hang.countDown();
        }
    }
}
