package io.jobwarden.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4) for tests: every line must be a comment, a
 * {@code # HELP}/{@code # TYPE} line or a well-formed sample, or parsing fails.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {}

    final Map<String, String> types = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(String text) {
        PrometheusText out = new PrometheusText();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                Matcher t = TYPE.matcher(line);
                if (t.matches()) {
                    out.types.put(t.group(1), t.group(2));
                } else if (!HELP.matcher(line).matches() && !line.startsWith("# ")) {
                    throw new IllegalArgumentException("line " + n + ": bad comment: " + line);
                }
                continue;
            }
            out.samples.add(sample(line, n));
        }
        return out;
    }

    private static Sample sample(String line, int n) {
        Matcher name = NAME.matcher(line);
        if (!name.lookingAt()) throw new IllegalArgumentException("line " + n + ": no metric name: " + line);
        int at = name.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            int close = line.indexOf('}', at);
            if (close < 0) throw new IllegalArgumentException("line " + n + ": unclosed labels: " + line);
            String body = line.substring(at + 1, close);
            Matcher l = LABEL.matcher(body);
            int pos = 0;
            while (pos < body.length()) {
                if (!l.find(pos) || l.start() != pos)
                    throw new IllegalArgumentException("line " + n + ": bad labels: " + body);
                labels.put(l.group(1), l.group(2));
                pos = l.end();
                if (pos < body.length()) {
                    if (body.charAt(pos) != ',')
                        throw new IllegalArgumentException("line " + n + ": bad labels: " + body);
                    pos++;
                }
            }
            at = close + 1;
        }
        String[] rest = line.substring(at).trim().split(" ");
        if (rest.length < 1 || rest.length > 2)
            throw new IllegalArgumentException("line " + n + ": bad value: " + line);
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        return new Sample(name.group(), labels, value);
    }

    /** The value of the one sample with this name and these labels (others may be present); NaN when absent. */
    double value(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .findFirst()
                .orElse(Double.NaN);
    }

    boolean hasFamilyStartingWith(String prefix) {
        return samples.stream().anyMatch(s -> s.name().startsWith(prefix));
    }
}
