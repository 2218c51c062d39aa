package io.jobwarden.server.http.control;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers signatures already used until their timestamp leaves the accepted window, so a captured control
 * request cannot be sent again while it would still pass the clock check.
 */
final class ReplayGuard {
    private final Map<String, Instant> seen = new HashMap<>();

    /** True the first time {@code signature} is offered; it is then remembered until {@code forgetAfter}. */
    synchronized boolean firstUse(String signature, Instant forgetAfter, Instant now) {
        seen.values().removeIf(until -> until.isBefore(now));
        return seen.putIfAbsent(signature, forgetAfter) == null;
    }
}
