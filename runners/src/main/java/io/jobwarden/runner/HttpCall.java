package io.jobwarden.runner;

import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.EnvSubstitution;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An http job's settings, read.
 *
 * @param body null for no body
 */
record HttpCall(URI url, String method, Map<String, String> headers, String body) {
    static final Set<String> SETTINGS = Set.of("url", "method", "headers", "body");
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final Set<String> BODILESS = Set.of("GET", "HEAD");

    HttpCall {
        headers = Map.copyOf(headers);
    }

    /** Null when the settings are invalid; every problem is in {@code errors}. */
    static HttpCall read(Map<String, Object> settings, ValidationErrors errors) {
        return read(settings, errors, false);
    }

    /**
     * @param substitutedLater the settings may still hold {@code ${env:NAME}} references (a job being accepted):
     *     a URL with one can only be checked once the run has substituted it
     */
    static HttpCall read(Map<String, Object> settings, ValidationErrors errors, boolean substitutedLater) {
        SettingsReader reader = new SettingsReader(settings, errors);
        reader.rejectUnknown(SETTINGS, "http");
        String urlText = reader.requiredString("url", "https://example.com/hooks/nightly");
        URI url = substitutedLater && urlText != null && EnvSubstitution.references(urlText)
                ? null
                : url(urlText, errors);
        String method = method(reader);
        Map<String, String> headers = reader.stringMap("headers");
        if (headers != null) checkHeaders(headers, errors);
        String body = reader.string("body");
        if (body != null && method != null && BODILESS.contains(method)) {
            errors.add("body", "a " + method + " request has no body; use POST, PUT or PATCH");
        }
        if (!errors.isEmpty()) return null;
        return new HttpCall(url, method, headers, body);
    }

    private static URI url(String text, ValidationErrors errors) {
        if (text == null) return null;
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            errors.add("url", "'" + text + "' is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            errors.add("url", "'" + text + "' must start with http:// or https://");
            return null;
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            errors.add("url", "'" + text + "' has no host");
            return null;
        }
        var blocked = BlockedTargets.refusal(uri.getHost());
        if (blocked.isPresent()) {
            errors.add("url", "'" + text + "' may not be called: " + blocked.get());
            return null;
        }
        return uri;
    }

    private static String method(SettingsReader reader) {
        if (!reader.has("method")) return "GET";
        String text = reader.string("method");
        if (text == null) return null;
        String method = text.strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            reader.errors().add("method", "'" + text + "' is not supported; use one of " + String.join(", ", METHODS));
            return null;
        }
        return method;
    }

    /** The HTTP client refuses some names and values (Host, Content-Length, line breaks): say so before a run does. */
    private static void checkHeaders(Map<String, String> headers, ValidationErrors errors) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            try {
                HttpRequest.newBuilder().header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                errors.add("headers." + header.getKey(), "cannot be sent: " + e.getMessage());
            }
        }
    }

    HttpRequest.BodyPublisher bodyPublisher() {
        return body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    }
}
