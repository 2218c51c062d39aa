package io.jobwarden.server.http.control;

import io.jobwarden.engine.spi.JobStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Remembers signatures already used until their timestamp leaves the accepted window, so a captured control
 * request cannot be sent again while it would still pass the clock check. The memory is the store's: it survives
 * a restart and is shared by every node, and its unique key lets only one of two racing nodes act.
 */
final class ReplayGuard {
    private final JobStore store;

    ReplayGuard(JobStore store) {
        this.store = store;
    }

    /** True the first time {@code signature} is offered, on any node; it is then remembered until {@code forgetAfter}. */
    boolean firstUse(String signature, Instant forgetAfter, Instant now) {
        return store.markControlUsed(hash(signature), forgetAfter, now);
    }

    /** Hex digits may come in either case; both spellings are one signature. */
    static String hash(String signature) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
