package io.jobwarden.server.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A value that must never be printed or logged: a token, a password, a signing key. Its {@link #toString()} is a
 * mask, so a config printed whole, or a record holding a secret logged by mistake, shows no secret; code that needs
 * the value asks for it by name with {@link #reveal()}.
 */
public final class Secret {
    public static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret itself: for signing, comparing, connecting; never for printing. */
    public String reveal() {
        return value;
    }

    /** Compares in time independent of where the inputs differ, so a token cannot be guessed byte by byte. */
    public boolean matches(String candidate) {
        if (candidate == null) return false;
        return MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return value.length();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && matches(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
