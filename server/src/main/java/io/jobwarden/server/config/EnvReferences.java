package io.jobwarden.server.config;

import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.EnvSubstitution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}} references in string values, replaced by the variable's value after the YAML is parsed;
 * {@code $${env:NAME}} stands for the literal text {@code ${env:NAME}}. Other {@code ${...}} text (say, in a shell
 * command) is left alone.
 *
 * <p>Why the two steps: {@code {} is a YAML flow indicator, so the unquoted {@code password: ${env:KS_PASS}} that
 * the configuration docs show inside {@code { ... }} is not valid YAML. {@link #protect} therefore swaps each reference, before
 * parsing, for marker characters from Unicode's private use area that YAML treats as plain text, keeping its length
 * so line and column numbers in syntax errors stay true; {@link #resolve} then substitutes the parsed values.
 */
final class EnvReferences {
    private static final Pattern REFERENCE = EnvSubstitution.REFERENCE;
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';
    private static final char ESCAPE = '\uE002';
    // "${env:" is six characters: six markers keep the text's length.
    private static final String OPEN_MARK = String.valueOf(OPEN).repeat(6);
    private static final Pattern MARKED = Pattern.compile("(" + ESCAPE + "?)" + OPEN_MARK + "([A-Za-z0-9_]+)" + CLOSE);
    private static final Pattern MALFORMED = Pattern.compile("\\$\\{env:[^}]{0,40}}?");

    private final Map<String, String> env;

    EnvReferences(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The YAML text with every reference replaced by a same-length marker that parses as plain text. */
    static String protect(String yaml) {
        // Most files hold few references or none: a thousand jobs' text is not searched with the pattern for nothing.
        if (!yaml.contains("${env:")) return yaml;
        Matcher m = REFERENCE.matcher(yaml);
        StringBuilder sb = new StringBuilder(yaml.length());
        while (m.find()) {
            String mark = (m.group(1).isEmpty() ? "" : String.valueOf(ESCAPE)) + OPEN_MARK + m.group(2) + CLOSE;
            m.appendReplacement(sb, Matcher.quoteReplacement(mark));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Undoes {@link #protect} without substituting: how a key or a message shows what the user wrote. */
    static String unprotect(String text) {
        if (text.indexOf(OPEN) < 0) return text;
        Matcher m = MARKED.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(
                    sb, Matcher.quoteReplacement((m.group(1).isEmpty() ? "" : "$") + "${env:" + m.group(2) + "}"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * A copy of the parsed tree with every reference in a string value substituted. A missing variable is reported
     * at the value's path; the paths reported are added to {@code failedPaths}, so that later checks of the same
     * value (now empty) do not pile a second, misleading error on the first.
     */
    Object resolve(Object node, ValidationErrors errors, String path, Set<String> failedPaths) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = unprotect(String.valueOf(k));
                out.put(key, resolve(v, errors.at(key), join(path, key), failedPaths));
            });
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(resolve(list.get(i), errors.at("[" + i + "]"), path + "[" + i + "]", failedPaths));
            }
            return out;
        }
        if (node instanceof String s) return substitute(s, errors, path, failedPaths);
        return node;
    }

    /** A copy of the parsed tree with every reference as the user wrote it: what a job's settings keep. */
    static Object literal(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(unprotect(String.valueOf(k)), literal(v)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object v : list) out.add(literal(v));
            return out;
        }
        if (node instanceof String s) return unprotect(s);
        return node;
    }

    private String substitute(String value, ValidationErrors errors, String path, Set<String> failedPaths) {
        // Neither a reference (a marker by now) nor a malformed one: every key and value of every job goes through
        // here.
        if (value.indexOf(OPEN) < 0 && !value.contains("${env:")) return value;
        Set<String> missing = new LinkedHashSet<>();
        Matcher m = MARKED.matcher(value);
        StringBuilder sb = new StringBuilder(value.length());
        while (m.find()) {
            String name = m.group(2);
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${env:" + name + "}";
            } else if (env.containsKey(name)) {
                replacement = env.get(name);
            } else {
                missing.add(name);
                replacement = "";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        for (String name : missing) {
            errors.add("", "environment variable " + name + " is not set");
            failedPaths.add(path);
        }
        // Valid references are markers by now, so any "${env:" left is one that did not match the syntax.
        Matcher bad = MALFORMED.matcher(value);
        if (bad.find()) {
            errors.add(
                    "",
                    "'" + bad.group()
                            + "' is not a valid reference; write ${env:NAME} with a name of letters, digits and _");
            failedPaths.add(path);
        }
        return sb.toString();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
