package io.jobwarden.server.logging;

import io.jobwarden.server.config.Redaction;
import io.jobwarden.server.config.Secret;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces, in a finished log line, every configured secret value and everything {@link Redaction} finds
 * secret-looking. Working on the finished line rather than on the message means the arguments, the exception
 * text and the JSON fields are all covered, whatever encoder produced them.
 */
final class SecretMask {
    // Shorter values would mask ordinary words and numbers all over the log and protect little.
    static final int MIN_MASKED_LENGTH = 4;

    private final List<String> values;

    SecretMask(Collection<Secret> secrets) {
        this.values = forms(secrets.stream().map(Secret::reveal).toList());
    }

    String apply(String line) {
        return Redaction.redact(replace(line, values));
    }

    /** Also masks {@code more} values, known only to the caller (those a run was given). */
    String apply(String text, Collection<String> more) {
        return more.isEmpty() ? apply(text) : Redaction.redact(replace(replace(text, forms(more)), values));
    }

    private static String replace(String text, List<String> values) {
        String out = text;
        for (String v : values) {
            if (out.contains(v)) out = out.replace(v, Secret.MASK);
        }
        return out;
    }

    private static List<String> forms(Collection<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String v : secrets) {
            if (v.length() < MIN_MASKED_LENGTH) continue;
            forms.add(v);
            forms.add(jsonEscaped(v));
        }
        // Longest first, so a secret that contains another is masked whole.
        return forms.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    private static String jsonEscaped(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 8);
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
