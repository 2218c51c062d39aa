package io.jobwarden.server.logging;

import io.jobwarden.engine.run.RunTextMask;
import io.jobwarden.server.config.Secret;
import java.util.Collection;

/**
 * Masks runs' output and error text by the log's rules ({@link SecretMask}): the configured secrets, what looks
 * like a secret, and the values a run's {@code ${env:NAME}} references were given. Every viewer reads run output,
 * so it must show no more than the log does.
 */
public final class RunOutputMask implements RunTextMask {
    private final SecretMask mask;

    public RunOutputMask(Collection<Secret> secrets) {
        this.mask = new SecretMask(secrets);
    }

    @Override
    public String apply(String text, Collection<String> runSecrets) {
        if (text == null || text.isEmpty()) return text;
        return mask.apply(text, runSecrets);
    }
}
