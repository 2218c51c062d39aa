package io.jobwarden.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.jobwarden.engine.FieldError;
import io.jobwarden.engine.RunState;
import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.ActiveRun;
import io.jobwarden.engine.run.CancelReason;
import io.jobwarden.engine.run.EnvSubstitution;
import io.jobwarden.engine.run.TaskResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpRunnerTest {
    private static final long PATIENCE_SECONDS = Runs.PATIENCE.toSeconds();

    private final HttpRunner runner = new HttpRunner();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch releaseSlowHandlers = new CountDownLatch(1);
    private ExecutorService handlers;
    private HttpServer server;

    /** What the server saw of one request. */
    record Received(String method, String path, Headers headers, String body) {}

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.start();
    }

    @AfterEach
    void stopServer() {
        releaseSlowHandlers.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void a2xxSucceedsWithTheStatusAsExitCodeAndTheBodyAsOutput() throws Exception {
        respond("/hook", 200, "report queued");

        ActiveRun run = Runs.of("http", Map.of("url", url("/hook")));
        TaskResult result = runner.run(run);

        assertThat(result).isEqualTo(TaskResult.succeeded(200));
        assertThat(run.output().text()).isEqualTo("report queued");
        Received request = received.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(request.method()).isEqualTo("GET");
    }

    @Test
    void aReferencedUrlIsCheckedOnlyOnceTheRunHasSubstitutedIt() throws Exception {
        ValidationErrors accepted = new ValidationErrors();
        runner.validate(Map.of("url", "${env:HOOK_URL}", "headers", Map.of("X-Key", "${env:KEY}")), accepted);
        assertThat(accepted.list()).isEmpty();
        ValidationErrors refused = new ValidationErrors();
        runner.validate(Map.of("url", "$${env:HOOK_URL}"), refused);
        assertThat(refused.list()).extracting(FieldError::field).containsExactly("url");

        respond("/hook", 200, "ok");
        Map<String, Object> settings = Map.of("url", "${env:HOOK_URL}", "headers", Map.of("X-Key", "${env:KEY}"));
        ActiveRun run = Runs.of("http", settings);
        run.substituted(new EnvSubstitution(Map.of("HOOK_URL", url("/hook"), "KEY", "k-123")).apply(settings));

        assertThat(runner.run(run)).isEqualTo(TaskResult.succeeded(200));
        assertThat(received.poll(PATIENCE_SECONDS, TimeUnit.SECONDS).headers().getFirst("X-Key"))
                .isEqualTo("k-123");
    }

    @Test
    void theFireIsSentAsHeadersThatTheJobCannotFake() throws Exception {
        respond("/hook", 204, "");

        runner.run(Runs.of(
                "http",
                Map.of(
                        "url",
                        url("/hook"),
                        "headers",
                        Map.of("Authorization", "Bearer s3cret", "x-jobwarden-run-id", "1"))));

        Headers headers = received.poll(PATIENCE_SECONDS, TimeUnit.SECONDS).headers();
        assertThat(headers.get("X-Jobwarden-Job-Id")).containsExactly("nightly-report");
        assertThat(headers.get("X-Jobwarden-Fire-Time")).containsExactly("2026-03-29T01:00:00Z");
        assertThat(headers.get("X-Jobwarden-Run-Id")).containsExactly("4711");
        assertThat(headers.get("X-Jobwarden-Attempt")).containsExactly("2");
        assertThat(headers.get("Authorization")).containsExactly("Bearer s3cret");
    }

    @Test
    void sendsTheMethodAndBody() throws Exception {
        respond("/items", 201, "created");

        TaskResult result = runner.run(Runs.of(
                "http",
                Map.of(
                        "url",
                        url("/items"),
                        "method",
                        "put",
                        "headers",
                        Map.of("Content-Type", "application/json"),
                        "body",
                        "{\"n\":1}")));

        assertThat(result).isEqualTo(TaskResult.succeeded(201));
        Received request = received.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.body()).isEqualTo("{\"n\":1}");
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aNon2xxFailsWithTheStatusAndKeepsTheBody() throws Exception {
        respond("/hook", 503, "down for maintenance");

        ActiveRun run = Runs.of("http", Map.of("url", url("/hook"), "method", "POST"));
        TaskResult result = runner.run(run);

        assertThat(result).isEqualTo(TaskResult.failed(503, "HTTP 503"));
        assertThat(run.output().text()).isEqualTo("down for maintenance");
    }

    @Test
    void aLargeBodyKeepsItsLast64KiB() throws Exception {
        String body = "a".repeat(100_000) + "b".repeat(65_536);
        respond("/big", 200, body);

        ActiveRun run = Runs.of("http", Map.of("url", url("/big")));
        runner.run(run);

        assertThat(run.output().totalBytes()).isEqualTo(body.length());
        assertThat(run.output().text()).isEqualTo("b".repeat(65_536));
    }

    @Test
    void aRefusedConnectionFailsWithTheReason() throws Exception {
        String closed = url("/hook");
        server.stop(0);

        TaskResult result = runner.run(Runs.of("http", Map.of("url", closed)));

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.exitCode()).isNull();
        assertThat(result.error()).startsWith("GET " + closed + " failed: ConnectException");
    }

    @Test
    void theJobTimeoutBoundsTheRequest() throws Exception {
        server.createContext("/slow", exchange -> {
            awaitRelease();
            exchange.close();
        });

        TaskResult result = runner.run(Runs.withTimeout("http", Map.of("url", url("/slow")), Duration.ofMillis(300)));

        assertThat(result).isEqualTo(TaskResult.failed(null, "GET " + url("/slow") + ": no response within 300ms"));
    }

    @Test
    void cancellingAbortsTheRequestInFlight() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        server.createContext("/stream", exchange -> {
            // A response that never ends: only the client closing the connection stops it.
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                while (true) {
                    body.write("tick\n".getBytes(StandardCharsets.UTF_8));
                    body.flush();
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                clientGone.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ActiveRun run = Runs.of("http", Map.of("url", url("/stream")));
        Runs.Background background = Runs.start(runner, run);
        await().atMost(Runs.PATIENCE).until(() -> run.output().text().contains("tick"));

        TaskResult result = background.cancel(CancelReason.OPERATOR);
        assertThat(result).isEqualTo(TaskResult.failed(null, "cancelled (OPERATOR): the request was aborted"));
        assertThat(clientGone.await(PATIENCE_SECONDS, TimeUnit.SECONDS))
                .as("the connection was closed")
                .isTrue();
    }

    @Test
    void interruptingTheRunnerThreadAbortsTheRequest() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        server.createContext("/slow", exchange -> {
            arrived.countDown();
            awaitRelease();
            exchange.close();
        });
        Runs.Background background = Runs.start(runner, Runs.of("http", Map.of("url", url("/slow"))));
        assertThat(arrived.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();

        background.thread.interrupt();

        TaskResult result = background.awaitResult();
        assertThat(result).isEqualTo(TaskResult.failed(null, "interrupted: the request was aborted"));
        assertThat(background.interruptedAfter).isTrue();
    }

    @Test
    void validSettingsHaveNoErrors() {
        assertThat(errors(Map.of("url", "https://example.com/x?y=1"))).isEmpty();
        assertThat(errors(Map.of(
                        "url",
                        "http://127.0.0.1:8080/",
                        "method",
                        "post",
                        "body",
                        "x",
                        "headers",
                        Map.of("X-Count", 3))))
                .isEmpty();
    }

    @Test
    void validationNamesEverySettingAndItsProblem() {
        assertThat(errors(Map.of()))
                .singleElement()
                .isEqualTo(new FieldError("url", "is required, e.g. https://example.com/hooks/nightly"));
        assertThat(errors(Map.of("url", "ftp://example.com/x")))
                .singleElement()
                .isEqualTo(new FieldError("url", "'ftp://example.com/x' must start with http:// or https://"));
        assertThat(errors(Map.of("url", "http://exa mple.com/")))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("'http://exa mple.com/' is not a valid URL"));
        assertThat(errors(Map.of("url", "http:///path")))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).endsWith("has no host"));
        assertThat(errors(Map.of("url", "https://x", "method", "FETCH")))
                .singleElement()
                .isEqualTo(new FieldError(
                        "method", "'FETCH' is not supported; use one of GET, POST, PUT, PATCH, DELETE, HEAD"));
        assertThat(errors(Map.of("url", "https://x", "body", "x")))
                .singleElement()
                .isEqualTo(new FieldError("body", "a GET request has no body; use POST, PUT or PATCH"));
        assertThat(errors(Map.of("url", "https://x", "headers", List.of("A: b"))))
                .singleElement()
                .isEqualTo(new FieldError("headers", "must be a map of names to strings, not a list"));
    }

    @Test
    void validationRejectsHeadersTheClientCannotSendAndUnknownSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("url", "https://x");
        settings.put("headers", Map.of("Host", "other", "Bad Name", "v", "X-Ok", "fine"));
        settings.put("timeout", "10s");

        assertThat(errors(settings))
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("headers.Host", "headers.Bad Name", "timeout");
    }

    @Test
    void headerNamesFollowTheVariableNames() {
        assertThat(HttpRunner.headerName("JOBWARDEN_FIRE_TIME")).isEqualTo("X-Jobwarden-Fire-Time");
    }

    private List<FieldError> errors(Map<String, Object> settings) {
        ValidationErrors errors = new ValidationErrors();
        runner.validate(settings, errors);
        return errors.list();
    }

    private void respond(String path, int status, String body) {
        server.createContext(path, recording((exchange, requestBody) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }));
    }

    private interface Responder {
        void respond(HttpExchange exchange, String requestBody) throws IOException;
    }

    private HttpHandler recording(Responder responder) {
        return exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(),
                    body));
            responder.respond(exchange, body);
        };
    }

    private void awaitRelease() {
        try {
            releaseSlowHandlers.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
