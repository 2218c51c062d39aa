package io.jobwarden.server;

import io.jobwarden.engine.ConfigJobChanges;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What reading the config file again changed in a running worker: the config jobs it added, replaced and removed,
 * and the settings that differ from the running ones but take effect only on a restart.
 *
 * @param restartRequired top-level config keys ({@code http}, {@code store}, ...) whose new values are not in effect
 */
public record ConfigReload(ConfigJobChanges jobs, List<String> restartRequired) {
    public ConfigReload {
        restartRequired = List.copyOf(restartRequired);
    }

    /** The answer of {@code POST /api/reload}. */
    public Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("added", jobs.added());
        out.put("replaced", jobs.replaced());
        out.put("removed", jobs.removed());
        out.put("restartRequired", restartRequired);
        return out;
    }

    /** One line for the log and for a person: what changed, or that nothing did. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        part(s, "added", jobs.added());
        part(s, "replaced", jobs.replaced());
        part(s, "removed", jobs.removed());
        if (s.length() == 0) s.append("no job changed");
        if (!restartRequired.isEmpty())
            s.append("; changed but needing a restart: ").append(String.join(", ", restartRequired));
        return s.toString();
    }

    private static void part(StringBuilder s, String what, List<String> ids) {
        if (ids.isEmpty()) return;
        if (s.length() > 0) s.append("; ");
        s.append(what).append(' ').append(String.join(", ", ids));
    }
}
