package io.jobwarden.server.http;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (as Grafana and Prometheus rule files write it) selects: identifiers that are
 * not functions, aggregations, keywords, label names or Grafana variables. Enough of PromQL for our own files, not a
 * parser: strings, label matchers and ranges are cut out first, then grouping clauses.
 */
final class PromQlNames {
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,)]+)(?:,[^)]*)?\\)");
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![A-Za-z0-9_:.$])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "inf",
            "nan",
            "Inf",
            "NaN");

    private PromQlNames() {}

    static Set<String> of(String expression) {
        String text = LABEL_VALUES.matcher(expression).replaceAll("$1");
        text = STRINGS.matcher(text).replaceAll("\"\"");
        text = MATCHERS.matcher(text).replaceAll(" ");
        text = GROUPING.matcher(text).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            String rest = text.substring(m.end()).stripLeading();
            if (rest.startsWith("(") || KEYWORDS.contains(m.group())) continue;
            names.add(m.group());
        }
        return names;
    }

    /** Parentheses, braces and brackets pair up outside strings: a cheap guard against a broken expression. */
    static boolean balanced(String expression) {
        String text = STRINGS.matcher(expression).replaceAll("\"\"");
        StringBuilder open = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '(' || c == '{' || c == '[') open.append(c);
            if (c == ')' || c == '}' || c == ']') {
                if (open.isEmpty()) return false;
                char o = open.charAt(open.length() - 1);
                if ("({[".indexOf(o) != ")}]".indexOf(c)) return false;
                open.setLength(open.length() - 1);
            }
        }
        return open.isEmpty();
    }
}
