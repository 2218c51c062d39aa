package io.jobwarden.server.config;

import java.util.Map;
import java.util.Set;

/**
 * The environment a config was loaded in, and which of its variables the config references. Jobs resolve their
 * {@code ${env:NAME}} references against {@code variables} when a run starts; shell jobs inherit none of the
 * {@code referenced} ones, which are the service's secrets (tokens, control secret, store password, ...).
 */
public record ConfigEnvironment(Map<String, String> variables, Set<String> referenced) {
    public ConfigEnvironment {
        variables = Map.copyOf(variables);
        referenced = Set.copyOf(referenced);
    }

    @Override
    public String toString() {
        // The variables' values are the secrets this record exists to keep; names only.
        return "ConfigEnvironment[referenced=" + referenced + "]";
    }
}
