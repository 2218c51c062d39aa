package io.jobwarden.server.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the token an {@code Authorization: Bearer ...} header carries. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, and every configured token is compared on every call, so neither the length nor
 * the content of a guess shows in the time an answer takes.
 */
public final class BearerAuthenticator {
    private static final String SCHEME = "bearer ";

    private final List<ApiToken> tokens;
    private final List<byte[]> digests;

    public BearerAuthenticator(List<ApiToken> tokens) {
        this.tokens = List.copyOf(tokens);
        this.digests = this.tokens.stream().map(t -> sha256(t.token())).toList();
    }

    /** True when no token is configured: then every request is allowed (loopback binds only). */
    public boolean open() {
        return tokens.isEmpty();
    }

    /** The holder of the token in {@code authorizationHeader}; empty when the header is missing or matches none. */
    public Optional<ApiToken> authenticate(String authorizationHeader) {
        if (authorizationHeader == null
                || authorizationHeader.length() <= SCHEME.length()
                || !authorizationHeader
                        .substring(0, SCHEME.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(SCHEME)) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorizationHeader.substring(SCHEME.length()).trim());
        ApiToken found = null;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digests.get(i), presented) && found == null) found = tokens.get(i);
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
