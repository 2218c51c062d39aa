package io.jobwarden.server.http;

import static io.jobwarden.engine.TypedValues.abbreviate;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The query string, decoded here rather than by the framework so that a malformed escape ({@code ?limit=%zz})
 * is the client's 400 instead of an exception from deep inside the server.
 */
public final class QueryParams {
    private final Map<String, String> first = new LinkedHashMap<>();

    public QueryParams(String queryString) {
        if (queryString == null || queryString.isEmpty()) return;
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), key);
            first.putIfAbsent(key, value);
        }
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when absent. */
    public long number(String name, long min, long max, long fallback) {
        String raw = first.get(name);
        if (raw == null) return fallback;
        try {
            long n = Long.parseLong(raw.trim());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below with the range, which says more than the parser would
        }
        throw ApiException.badRequest(
                name, "'" + abbreviate(raw) + "' is not a whole number from " + min + " to " + max);
    }

    /** The raw value, or null when absent. */
    public String text(String name) {
        return first.get(name);
    }

    /** Like {@link #number} with no fallback: null when absent. */
    public Long optionalNumber(String name, long min, long max) {
        return first.containsKey(name) ? number(name, min, max, 0) : null;
    }

    private static String decode(String raw, String field) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, "has a malformed %-escape");
        }
    }
}
