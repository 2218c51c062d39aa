package io.jobwarden.runner;

import io.jobwarden.engine.Durations;
import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.OutputTail;
import io.jobwarden.engine.run.RunContext;
import io.jobwarden.engine.run.TaskResult;
import io.jobwarden.engine.run.TaskRunner;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs an {@code http} job: one request with the fire's identity in {@code X-Jobwarden-*} headers. A 2xx status
 * succeeds; the status is the run's exit code and the response body its output. Cancelling aborts the request.
 */
public final class HttpRunner implements TaskRunner {
    public static final String TYPE = "http";
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;

    public HttpRunner() {
        this(HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    }

    /** For a client with the service's own TLS or proxy settings. */
    public HttpRunner(HttpClient client) {
        this.client = client;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Map<String, Object> settings, ValidationErrors errors) {
        HttpCall.read(settings, errors, true);
    }

    @Override
    public TaskResult run(RunContext context) {
        ValidationErrors errors = new ValidationErrors();
        HttpCall call = HttpCall.read(context.settings(), errors);
        if (call == null) return TaskResult.failed(null, "invalid settings: " + SettingsReader.summary(errors));
        if (context.isCancelled())
            return TaskResult.failed(null, "cancelled (" + context.cancelReason() + ") before the request was sent");

        CompletableFuture<HttpResponse<Void>> response = client.sendAsync(
                request(call, context), HttpResponse.BodyHandlers.ofByteArrayConsumer(into(context.output())));
        // cancel(true) on the future of sendAsync aborts the exchange and closes its connection (JDK 16 and later).
        context.onCancel(() -> response.cancel(true));
        try {
            int status = response.get().statusCode();
            if (status >= 200 && status < 300) return TaskResult.succeeded(status);
            return TaskResult.failed(status, "HTTP " + status);
        } catch (CancellationException | ExecutionException e) {
            // Cancelled while the body streams in, the exchange fails with an IOException rather than a cancel.
            if (context.isCancelled()) {
                return TaskResult.failed(null, "cancelled (" + context.cancelReason() + "): the request was aborted");
            }
            return TaskResult.failed(null, failure(call, context, e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            return TaskResult.failed(null, "interrupted: the request was aborted");
        }
    }

    private static HttpRequest request(HttpCall call, RunContext context) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.url()).method(call.method(), call.bodyPublisher());
        call.headers().forEach(builder::header);
        // setHeader replaces: a job's own headers must not fake the fire's identity.
        context.fireVariables().forEach((name, value) -> builder.setHeader(headerName(name), value));
        Duration timeout = context.timeout();
        if (timeout != null && timeout.compareTo(Duration.ZERO) > 0) builder.timeout(timeout);
        return builder.build();
    }

    /** {@code JOBWARDEN_FIRE_TIME} becomes {@code X-Jobwarden-Fire-Time}. */
    static String headerName(String variable) {
        return "X-"
                + Arrays.stream(variable.toLowerCase(Locale.ROOT).split("_"))
                        .map(word -> word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1))
                        .collect(Collectors.joining("-"));
    }

    private static Consumer<Optional<byte[]>> into(OutputTail output) {
        return chunk -> chunk.ifPresent(bytes -> output.write(bytes, 0, bytes.length));
    }

    private static String failure(HttpCall call, RunContext context, Throwable cause) {
        String target = call.method() + " " + call.url();
        if (cause instanceof HttpTimeoutException
                && !(cause instanceof HttpConnectTimeoutException)
                && context.timeout() != null) {
            return target + ": no response within " + Durations.format(context.timeout());
        }
        StringBuilder text = new StringBuilder(target).append(" failed: ").append(describe(cause));
        String last = cause.getMessage();
        for (Throwable t = cause.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().equals(last)) {
                text.append(" (").append(describe(t)).append(')');
                last = t.getMessage();
            }
        }
        return text.toString();
    }

    private static String describe(Throwable t) {
        String name = t.getClass().getSimpleName();
        return t.getMessage() == null ? name : name + ": " + t.getMessage();
    }
}
