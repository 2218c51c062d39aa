package io.jobwarden.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment a shell job's process starts with. It is built, not inherited: the service's environment holds
 * the secrets the service itself runs on (API tokens, the control secret, the database password, the supervisor's
 * link token), and a job's output is readable by every viewer. So a job gets the service's environment minus every
 * variable the configuration references and minus Jobwarden's own {@code JOBWARDEN_*} variables, plus the job's
 * {@code env} and the fire's {@code JOBWARDEN_JOB_ID}, {@code JOBWARDEN_FIRE_TIME}, {@code JOBWARDEN_RUN_ID} and
 * {@code JOBWARDEN_ATTEMPT}.
 */
public final class ShellEnvironment {
    /** Jobwarden's own variables: the supervisor's link, the CLI's token, launcher settings. */
    static final String INTERNAL_PREFIX = "JOBWARDEN_";

    private final Map<String, String> inherited;

    /**
     * @param service  the service's environment
     * @param withheld variables never passed on: those the configuration references
     */
    public ShellEnvironment(Map<String, String> service, Set<String> withheld) {
        Map<String, String> kept = new LinkedHashMap<>();
        service.forEach((name, value) -> {
            if (!withheld.contains(name) && !isInternal(name)) kept.put(name, value);
        });
        this.inherited = Map.copyOf(kept);
    }

    /** This process's environment, withholding only Jobwarden's own variables. */
    public static ShellEnvironment ofProcess() {
        return new ShellEnvironment(System.getenv(), Set.of());
    }

    /**
     * @param jobEnv        the job's own {@code env}, references already substituted
     * @param fireVariables the fire's identity, set last so that a job's env cannot fake it
     */
    public Map<String, String> build(Map<String, String> jobEnv, Map<String, String> fireVariables) {
        Map<String, String> env = new LinkedHashMap<>(inherited);
        env.putAll(jobEnv);
        env.putAll(fireVariables);
        return env;
    }

    private static boolean isInternal(String name) {
        // Windows variable names are case-insensitive: Jobwarden_Token is JOBWARDEN_TOKEN there.
        return name.regionMatches(true, 0, INTERNAL_PREFIX, 0, INTERNAL_PREFIX.length());
    }
}
