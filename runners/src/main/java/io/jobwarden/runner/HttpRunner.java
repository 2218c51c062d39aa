package io.jobwarden.runner;

import io.jobwarden.engine.Durations;
import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.OutputTail;
import io.jobwarden.engine.run.RunContext;
import io.jobwarden.engine.run.TaskResult;
import io.jobwarden.engine.run.TaskRunner;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs an {@code http} job: one request with the fire's identity in {@code X-Jobwarden-*} headers. A 2xx status
 * succeeds; the status is the run's exit code and the response body its output. Cancelling aborts the request.
 * Redirects are followed here, at most {@link #MAX_REDIRECTS}, and never to a link-local or metadata address (checked
 * after DNS) nor, when {@code security.http-allow} is set, to a host outside it other than the job's own.
 */
public final class HttpRunner implements TaskRunner {
    public static final String TYPE = "http";
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Redirects followed before a run fails; each is checked like the first request. */
    public static final int MAX_REDIRECTS = 5;

    /**
     * Built on the first run: an HTTP client brings up TLS and its selector thread (hundreds of classes), which
     * a process that only validates a config, like the supervisor, never needs.
     */
    private final Supplier<HttpClient> client;

    private final HostPatterns redirectHosts;
    private final HostResolver resolver;

    public HttpRunner() {
        this(HostPatterns.ANY);
    }

    /** @param redirectHosts hosts a redirect may lead to besides the job's own; {@link HostPatterns#ANY} for any */
    public HttpRunner(HostPatterns redirectHosts) {
        this(memoized(HttpRunner::defaultClient), redirectHosts, InetAddress::getAllByName);
    }

    /** For a client with the service's own TLS or proxy settings. Its redirect setting is ignored: redirects are followed here. */
    public HttpRunner(HttpClient client) {
        this(client, HostPatterns.ANY, InetAddress::getAllByName);
    }

    HttpRunner(HttpClient client, HostPatterns redirectHosts, HostResolver resolver) {
        this(() -> client, redirectHosts, resolver);
    }

    private HttpRunner(Supplier<HttpClient> client, HostPatterns redirectHosts, HostResolver resolver) {
        this.client = client;
        this.redirectHosts = redirectHosts;
        this.resolver = resolver;
    }

    private static Supplier<HttpClient> memoized(Supplier<HttpClient> create) {
        // Synchronized rather than compare-and-set: a second client built in a race would keep its selector thread.
        HttpClient[] made = new HttpClient[1];
        return () -> {
            synchronized (made) {
                if (made[0] == null) made[0] = create.get();
                return made[0];
            }
        };
    }

    private static HttpClient defaultClient() {
        // Redirects are followed by hand, so that each hop's target is checked before it is called.
        return HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** DNS, replaceable in tests. */
    @FunctionalInterface
    interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
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

        AtomicReference<CompletableFuture<HttpResponse<Void>>> current = new AtomicReference<>();
        context.onCancel(() -> {
            CompletableFuture<HttpResponse<Void>> f = current.get();
            if (f != null) f.cancel(true);
        });
        URI url = call.url();
        String method = call.method();
        boolean withBody = true;
        for (int hop = 0; ; hop++) {
            Optional<String> refused = refusal(url, hop == 0 ? null : call.url());
            if (refused.isPresent()) return TaskResult.failed(null, method + " " + url + " refused: " + refused.get());
            CompletableFuture<HttpResponse<Void>> response =
                    client.get().sendAsync(request(call, url, method, withBody, context), body(context.output()));
            current.set(response);
            // cancel(true) on the future of sendAsync aborts the exchange and closes its connection (JDK 16 and later).
            if (context.isCancelled()) response.cancel(true);
            HttpResponse<Void> answer;
            try {
                answer = response.get();
            } catch (CancellationException | ExecutionException e) {
                // Cancelled while the body streams in, the exchange fails with an IOException rather than a cancel.
                if (context.isCancelled()) {
                    return TaskResult.failed(
                            null, "cancelled (" + context.cancelReason() + "): the request was aborted");
                }
                return TaskResult.failed(null, failure(method, url, context, e.getCause() == null ? e : e.getCause()));
            } catch (InterruptedException e) {
                response.cancel(true);
                Thread.currentThread().interrupt();
                return TaskResult.failed(null, "interrupted: the request was aborted");
            }
            int status = answer.statusCode();
            Optional<String> location = answer.headers().firstValue("Location");
            if (isRedirect(status) && location.isPresent()) {
                if (hop == MAX_REDIRECTS)
                    return TaskResult.failed(
                            status, "more than " + MAX_REDIRECTS + " redirects, the last to " + location.get());
                URI next;
                try {
                    next = url.resolve(location.get().strip());
                } catch (IllegalArgumentException e) {
                    return TaskResult.failed(status, "HTTP " + status + " to an invalid Location: " + location.get());
                }
                // As browsers do: 303, and 301/302 after a POST, continue as a GET without the body.
                if (status == 303 || ((status == 301 || status == 302) && method.equals("POST"))) {
                    method = "GET";
                    withBody = false;
                }
                url = next;
                continue;
            }
            if (status >= 200 && status < 300) return TaskResult.succeeded(status);
            return TaskResult.failed(status, "HTTP " + status);
        }
    }

    /** Why {@code url} may not be called: a blocked address (after DNS), or a redirect off the allowed hosts. */
    private Optional<String> refusal(URI url, URI redirectedFrom) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return Optional.of("only http and https are followed");
        String host = url.getHost();
        if (host == null || host.isEmpty()) return Optional.of("the URL has no host");
        Optional<String> literal = BlockedTargets.refusal(host);
        if (literal.isPresent()) return literal;
        if (redirectedFrom != null && !host.equalsIgnoreCase(redirectedFrom.getHost()) && !redirectHosts.allows(host)) {
            return Optional.of(
                    "a redirect to " + host + ", which is not in security.http-allow (" + redirectHosts + ")");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " is unknown");
        }
        for (InetAddress address : addresses) {
            Optional<String> blocked = BlockedTargets.refusal(address);
            if (blocked.isPresent()) return Optional.of(host + " resolves to " + blocked.get());
        }
        return Optional.empty();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static HttpResponse.BodyHandler<Void> body(OutputTail output) {
        // A redirect's own body is not the run's output.
        return info -> isRedirect(info.statusCode())
                        && info.headers().firstValue("Location").isPresent()
                ? HttpResponse.BodySubscribers.replacing(null)
                : HttpResponse.BodySubscribers.ofByteArrayConsumer(into(output));
    }

    private static HttpRequest request(HttpCall call, URI url, String method, boolean withBody, RunContext context) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .method(method, withBody ? call.bodyPublisher() : HttpRequest.BodyPublishers.noBody());
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

    private static String failure(String method, URI url, RunContext context, Throwable cause) {
        String target = method + " " + url;
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
