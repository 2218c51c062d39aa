package io.jobwarden.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment a shell job's process starts with. It is built, not inherited: the service's environment holds
 * the secrets the service itself runs on (API tokens, the control secret, the database password, the supervisor's
 * link token), and a job's output is readable by every viewer. So a job gets the service's environment minus every
 * variable the configuration references and minus Jobwarden's own {@code JOBWARDEN_*} variables, plus the job's
 * {@code env}, what the instance publishes about itself ({@code JOBWARDEN_HTTP_PORT}) and the fire's
 * {@code JOBWARDEN_JOB_ID}, {@code JOBWARDEN_FIRE_TIME}, {@code JOBWARDEN_RUN_ID} and {@code JOBWARDEN_ATTEMPT}.
 */
public final class ShellEnvironment {
    /** Jobwarden's own variables: the supervisor's link, the CLI's token, launcher settings. */
    static final String INTERNAL_PREFIX = "JOBWARDEN_";

    private final Map<String, String> inherited;
    /** What the instance tells its jobs about itself (its HTTP port); never taken from the service's environment. */
    private final Map<String, String> published;

    /**
     * @param service  the service's environment
     * @param withheld variables never passed on: those the configuration references
     */
    public ShellEnvironment(Map<String, String> service, Set<String> withheld) {
        this(inheritable(service, withheld), Map.of());
    }

    private ShellEnvironment(Map<String, String> inherited, Map<String, String> published) {
        this.inherited = inherited;
        this.published = published;
    }

    /**
     * This environment plus a variable the instance sets for every job, such as {@code JOBWARDEN_HTTP_PORT}; like the
     * fire's variables it is set after the job's {@code env}, so a job cannot be told a false one.
     */
    public ShellEnvironment withPublished(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(published);
        more.put(name, value);
        return new ShellEnvironment(inherited, Map.copyOf(more));
    }

    private static Map<String, String> inheritable(Map<String, String> service, Set<String> withheld) {
        Map<String, String> kept = new LinkedHashMap<>();
        service.forEach((name, value) -> {
            if (!withheld.contains(name) && !isInternal(name)) kept.put(name, value);
        });
        return Map.copyOf(kept);
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
        env.putAll(published);
        env.putAll(fireVariables);
        return env;
    }

    private static boolean isInternal(String name) {
        // Windows variable names are case-insensitive: Jobwarden_Token is JOBWARDEN_TOKEN there.
        return name.regionMatches(true, 0, INTERNAL_PREFIX, 0, INTERNAL_PREFIX.length());
    }
}
