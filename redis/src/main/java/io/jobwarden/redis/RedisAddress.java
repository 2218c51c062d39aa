package io.jobwarden.redis;

import io.jobwarden.engine.InvalidInputException;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * A validated Redis URI ({@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://...} for TLS). Its
 * password never leaves this class in readable form: {@link #describe()} and {@link #mask(String)} are what may be
 * printed or logged.
 */
public final class RedisAddress {
    private final String raw;
    private final String scheme;
    private final String host;
    private final int port;
    private final int database;
    private final String username;
    private final String password;

    private RedisAddress(String raw, String scheme, RedisURI parsed) {
        this.raw = raw;
        this.scheme = scheme;
        this.host = parsed.getHost();
        this.port = parsed.getPort();
        this.database = parsed.getDatabase();
        this.username = parsed.getUsername();
        char[] secret = parsed.getPassword();
        this.password = secret == null || secret.length == 0 ? null : new String(secret);
    }

    /**
     * @param field the configuration key the value came from, named in the error
     * @throws InvalidInputException naming {@code field} when the value is not a usable Redis URI; the message never
     *     contains the password
     */
    public static RedisAddress parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is empty; expected a Redis URI such as redis://127.0.0.1:6379");
        }
        String text = value.strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(field, "'" + maskUserInfo(text) + "' is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new InvalidInputException(
                    field, "'" + maskUserInfo(text) + "' must start with redis:// or rediss:// (TLS)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidInputException(
                    field, "'" + maskUserInfo(text) + "' has no host; expected redis://host:port");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/") && !path.substring(1).chars().allMatch(Character::isDigit)) {
            throw new InvalidInputException(
                    field,
                    "'" + maskUserInfo(text) + "' has database '" + path.substring(1)
                            + "'; the path must be a database number such as /0");
        }
        RedisURI parsed;
        try {
            parsed = RedisURI.create(text);
        } catch (RuntimeException e) {
            throw new InvalidInputException(field, "'" + maskUserInfo(text) + "' is not a usable Redis URI");
        }
        return new RedisAddress(text, scheme, parsed);
    }

    /** The URI with any credentials replaced by {@code ***}, e.g. {@code redis://:***@10.0.0.5:6379/0}. */
    public String describe() {
        String credentials = "";
        if (password != null) credentials = (username == null ? "" : username) + ":***@";
        else if (username != null) credentials = username + "@";
        String shownHost = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + credentials + shownHost + ":" + port + "/" + database;
    }

    /** {@code text} with this address's password blanked out, for messages that come from the Redis client. */
    public String mask(String text) {
        if (text == null || password == null) return text;
        return text.replace(password, "***");
    }

    /** A fresh Lettuce URI (Lettuce's are mutable) whose commands time out after {@code timeout}. */
    RedisURI toLettuce(Duration timeout) {
        RedisURI uri = RedisURI.create(raw);
        uri.setTimeout(timeout);
        return uri;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String maskUserInfo(String text) {
        int start = text.indexOf("://");
        int at = text.lastIndexOf('@');
        if (start < 0 || at < start) return text;
        return text.substring(0, start + 3) + "***" + text.substring(at);
    }
}
