package io.jobwarden.server.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small client of a running instance's REST API (docs/api.md), for {@code jobwarden jobs}. Error answers
 * become {@link ApiCallException} with the server's {@code field: message} lines; no answer at all becomes
 * {@link ApiUnreachableException}.
 */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    /** @param token the bearer token, or null when the instance has none configured */
    public ApiClient(URI base, String token, Duration timeout) {
        String text = base.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public String baseUrl() {
        return base;
    }

    public ApiResponse get(String path) {
        return send(request(path).GET());
    }

    public ApiResponse post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").POST(json(body)));
    }

    public ApiResponse put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").PUT(json(body)));
    }

    public ApiResponse delete(String path) {
        // The server refuses state changes without a JSON content type (its guard against cross-site requests).
        return send(request(path).header("Content-Type", "application/json").DELETE());
    }

    /** A path segment with everything but {@code [A-Za-z0-9._-]} %-escaped, so an id cannot leave its segment. */
    public static String segment(String raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private ApiResponse send(HttpRequest.Builder builder) {
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiUnreachableException("cannot reach " + base + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiUnreachableException("interrupted while calling " + base, e);
        }
        JsonNode parsed = parse(response.body());
        if (response.statusCode() >= 400)
            throw new ApiCallException(response.statusCode(), errors(response.statusCode(), parsed, response.body()));
        return new ApiResponse(response.statusCode(), response.body(), parsed);
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) return MissingNode.getInstance();
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** The server's {@code errors} as {@code field: message}; for a foreign answer (a proxy's page), the status. */
    private static List<String> errors(int status, JsonNode json, String body) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : json.path("errors")) {
            String field = e.path("field").asText("");
            String message = e.path("message").asText("");
            out.add(field.isEmpty() ? message : field + ": " + message);
        }
        if (out.isEmpty()) {
            String text = body == null ? "" : body.strip();
            out.add("HTTP " + status
                    + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 197) + "..." : text)));
        }
        return out;
    }

    private static String reason(IOException e) {
        if (e instanceof HttpConnectTimeoutException || e instanceof HttpTimeoutException) return "timed out";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage();
            if (t instanceof ConnectException) return "Connection refused";
        }
        return e.getClass().getSimpleName();
    }
}
