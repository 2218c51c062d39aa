package io.jobwarden.engine.run;

import java.util.Collection;

/**
 * Masks secrets in a run's output and error text before they are stored, logged or alerted on: whoever may read a
 * job's runs must not read the secrets it was given. The service supplies its log masking here, so output and log
 * are masked by the same rules.
 */
@FunctionalInterface
public interface RunTextMask {
    /** Leaves text as it is: for an engine whose jobs are given no secrets. */
    RunTextMask NONE = (text, runSecrets) -> text;

    /**
     * @param text       output or error text; may be null
     * @param runSecrets the values substituted into this run's settings, masked besides what the mask knows itself
     */
    String apply(String text, Collection<String> runSecrets);
}
