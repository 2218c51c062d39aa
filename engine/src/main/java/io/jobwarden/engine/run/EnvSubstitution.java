package io.jobwarden.engine.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${env:NAME}} references in a job's settings when a run starts. A job definition keeps its
 * references as written, in the store and in every view of it, so a secret it needs is never stored nor shown;
 * only the run gets the value. {@code $${env:NAME}} stands for the text {@code ${env:NAME}}.
 */
public final class EnvSubstitution {
    /** Group 1 is the escaping {@code $} (or empty), group 2 the variable's name. */
    public static final Pattern REFERENCE = Pattern.compile("(\\$?)\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, String> env;
    private final Set<String> withheld;

    public EnvSubstitution(Map<String, String> env) {
        this(env, Set.of());
    }

    /**
     * @param withheld variables no job may be given (the service's own secrets): a reference to one fails the run
     *     as a missing one does, saying why
     */
    public EnvSubstitution(Map<String, String> env, Set<String> withheld) {
        this.env = Map.copyOf(env);
        this.withheld = Set.copyOf(withheld);
    }

    /** Looks variables up in this process's environment. */
    public static EnvSubstitution ofProcess() {
        return new EnvSubstitution(System.getenv());
    }

    /**
     * @param settings the settings with every reference replaced
     * @param values   the values substituted, so the run's output can be masked for them
     */
    public record Substituted(Map<String, Object> settings, Set<String> values) {}

    /**
     * @throws UnsetVariableException naming every referenced variable that is not set: a run must never start
     *     with an empty value where the job expects a secret
     */
    public Substituted apply(Map<String, Object> settings) {
        Set<String> missing = new LinkedHashSet<>();
        Set<String> values = new LinkedHashSet<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) substitute(settings, missing, values);
        if (!missing.isEmpty()) throw new UnsetVariableException(missing, withheld);
        return new Substituted(out, values);
    }

    /** The names of the variables referenced anywhere in a tree of maps, lists and strings (escapes excluded). */
    public static Set<String> names(Object tree) {
        Set<String> names = new LinkedHashSet<>();
        collect(tree, names);
        return names;
    }

    /** Whether a text holds a reference that {@link #apply} would replace. */
    public static boolean references(String text) {
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            if (m.group(1).isEmpty()) return true;
        }
        return false;
    }

    private static void collect(Object node, Set<String> names) {
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, names));
        } else if (node instanceof Collection<?> list) {
            list.forEach(v -> collect(v, names));
        } else if (node instanceof String s) {
            Matcher m = REFERENCE.matcher(s);
            while (m.find()) {
                if (m.group(1).isEmpty()) names.add(m.group(2));
            }
        }
    }

    private Object substitute(Object node, Set<String> missing, Set<String> values) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), substitute(v, missing, values)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) out.add(substitute(v, missing, values));
            return out;
        }
        if (node instanceof String s) return substitute(s, missing, values);
        return node;
    }

    private String substitute(String text, Set<String> missing, Set<String> values) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            String name = m.group(2);
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${env:" + name + "}";
            } else if (env.containsKey(name) && !withheld.contains(name)) {
                replacement = env.get(name);
                values.add(replacement);
            } else {
                missing.add(name);
                replacement = "";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
