package io.jobwarden.server.http.control;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Jobwarden-Signature} of docs/api.md: {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}
 * keyed with the control secret. Comparison is constant-time.
 */
public final class ControlSignature {
    public static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern SHAPE = Pattern.compile("(?i)sha256=[0-9a-f]{64}");

    private final SecretKeySpec key;

    public ControlSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The header value for a body sent at {@code timestamp} (unix seconds, as written in the timestamp header). */
    public String sign(String timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(timestamp, body));
    }

    /** Whether {@code header} has the shape of a signature, {@code sha256=} and 64 hex digits, in either case. */
    public static boolean wellFormed(String header) {
        return SHAPE.matcher(header.trim()).matches();
    }

    /** Whether {@code header} is the signature of {@code timestamp} and {@code body}. */
    public boolean matches(String timestamp, byte[] body, String header) {
        if (header == null) return false;
        String value = header.trim();
        if (!value.toLowerCase(Locale.ROOT).startsWith(PREFIX)) return false;
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(timestamp, body), given);
    }

    private byte[] mac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }

    /** Signs as a client would; for tools and tests that call {@code /control}. */
    public static String sign(String secret, long unixSeconds, String body) {
        return new ControlSignature(secret).sign(Long.toString(unixSeconds), body.getBytes(StandardCharsets.UTF_8));
    }
}
