package io.jobwarden.server.config;

import java.util.Map;
import java.util.Set;

/**
 * The environment a config was loaded in, and which of its variables the config references. Jobs resolve their
 * {@code ${env:NAME}} references against {@code variables} when a run starts; shell jobs inherit none of the
 * {@code referenced} ones, which are the service's secrets (tokens, control secret, store password, ...).
 *
 * @param withheldFromJobs variables no job's reference may resolve to: those of {@code security} (the API tokens
 *     and the control secret, which would let an operator's job act as an admin), those of {@code registry} (the
 *     Consul token) and every {@code JOBWARDEN_*}
 */
public record ConfigEnvironment(Map<String, String> variables, Set<String> referenced, Set<String> withheldFromJobs) {
    public ConfigEnvironment {
        variables = Map.copyOf(variables);
        referenced = Set.copyOf(referenced);
        withheldFromJobs = Set.copyOf(withheldFromJobs);
    }

    @Override
    public String toString() {
        // The variables' values are the secrets this record exists to keep; names only.
        return "ConfigEnvironment[referenced=" + referenced + "]";
    }
}
