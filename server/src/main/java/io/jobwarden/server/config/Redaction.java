package io.jobwarden.server.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what looks like a secret inside free text: the password in a URL's user info, {@code password=...} style
 * pairs (JDBC URLs, query strings, messages) and bearer tokens. Model {@code toString()}s and the log encoders both
 * use it, so the rule for "secret-looking" lives in one place.
 */
public final class Redaction {
    // A value stops at characters that delimit it in URLs, JSON and log lines, so masking never eats a closing quote.
    private static final String VALUE = "[^\\s\"'&;,}\\]\\\\]+";
    private static final Pattern USER_INFO = Pattern.compile("(://[^/@\\s:\"']*):[^/@\\s\"']+@");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b((?:[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key))[\"']?\\s*[=:]\\s*[\"']?)(" + VALUE
                    + ")");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)(" + VALUE + ")");

    private Redaction() {}

    public static String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = USER_INFO.matcher(text).replaceAll("$1:" + Matcher.quoteReplacement(Secret.MASK) + "@");
        out = replaceValue(KEY_VALUE, out);
        return replaceValue(BEARER, out);
    }

    private static String replaceValue(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            // An already masked value stays as it is, so redacting twice changes nothing.
            String replacement = m.group(2).equals(Secret.MASK) ? m.group() : m.group(1) + Secret.MASK;
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
