package io.jobwarden.server.registry;

import io.jobwarden.server.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The two calls of Consul's agent HTTP API this node makes: {@code PUT /v1/agent/service/register} and
 * {@code PUT /v1/agent/service/deregister/<id>}, with the ACL token in {@code X-Consul-Token}. A failure is an
 * {@link IOException} whose message never holds the token.
 */
final class ConsulAgent {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ERROR_TEXT = 200;

    private final URI base;
    private final Optional<Secret> token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    ConsulAgent(URI base, Optional<Secret> token) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.token = token;
    }

    void register(String serviceJson) throws IOException, InterruptedException {
        put("v1/agent/service/register", serviceJson);
    }

    void deregister(String serviceId) throws IOException, InterruptedException {
        put("v1/agent/service/deregister/" + URLEncoder.encode(serviceId, StandardCharsets.UTF_8), "");
    }

    private void put(String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        token.ifPresent(t -> request.header("X-Consul-Token", t.reveal()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the agent answered " + response.statusCode() + ": " + errorText(response.body()));
        }
    }

    /** The start of the agent's error text, on one line, with the token masked should the agent echo it. */
    private String errorText(String body) {
        String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (token.isPresent()) text = text.replace(token.get().reveal(), Secret.MASK);
        return text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "..." : text;
    }
}
