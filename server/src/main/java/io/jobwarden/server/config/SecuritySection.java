package io.jobwarden.server.config;

import io.jobwarden.server.http.jobs.ApiJobPolicy;
import java.util.List;
import java.util.Optional;

/**
 * Who may call the API, what jobs created through it may be ({@code api-code-jobs}, {@code http-allow},
 * {@code min-period}, {@code max-jobs}), and the key {@code POST /control} requests are signed with. With no tokens every request
 * is allowed, which is why the loader then permits only a loopback bind; with no control secret {@code /control}
 * refuses everything.
 */
public record SecuritySection(List<TokenSection> tokens, Optional<Secret> controlSecret, ApiJobPolicy apiJobs) {
    public SecuritySection {
        tokens = List.copyOf(tokens);
    }

    public SecuritySection(List<TokenSection> tokens, Optional<Secret> controlSecret) {
        this(tokens, controlSecret, ApiJobPolicy.defaults());
    }

    /** The token's entry, compared in constant time; empty when no token matches. */
    public Optional<TokenSection> tokenFor(String presented) {
        TokenSection found = null;
        // Every entry is compared, so the time taken does not tell which entry matched.
        for (TokenSection t : tokens) {
            if (t.token().matches(presented)) found = t;
        }
        return Optional.ofNullable(found);
    }

    public boolean open() {
        return tokens.isEmpty();
    }
}
