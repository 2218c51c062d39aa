package io.jobwarden.platform.windows;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Joins argv into one command line that the Microsoft C runtime (CommandLineToArgvW) splits back into the same
 * words. The SCM's binary path is such a line; an unquoted path with a space is the classic "unquoted service
 * path" hole, so the executable is always quoted.
 */
public final class WindowsCommandLine {
    private WindowsCommandLine() {}

    public static String join(List<String> argv) {
        StringBuilder line = new StringBuilder('"' + argv.get(0).replace("\"", "") + '"');
        for (String arg : argv.subList(1, argv.size())) line.append(' ').append(quote(arg));
        return line.toString();
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\n')) return arg;
        StringBuilder q = new StringBuilder("\"");
        int backslashes = 0;
        for (char c : arg.toCharArray()) {
            if (c == '\\') {
                backslashes++;
                continue;
            }
            // backslashes are literal unless they precede a quote; there each must be doubled
            q.append("\\".repeat(c == '"' ? backslashes * 2 + 1 : backslashes)).append(c);
            backslashes = 0;
        }
        q.append("\\".repeat(backslashes * 2)).append('"');
        return q.toString();
    }

    /** Splits like CommandLineToArgvW for arguments after the program name; used to check {@link #join}. */
    static List<String> split(String line) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        int i = 0;
        int n = line.length();
        // the program name: quoted or up to whitespace, no escapes
        StringBuilder w = new StringBuilder();
        if (i < n && line.charAt(i) == '"') {
            i++;
            while (i < n && line.charAt(i) != '"') w.append(line.charAt(i++));
            i++;
        } else {
            while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') w.append(line.charAt(i++));
        }
        out.add(w.toString());
        while (true) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
            if (i >= n) break;
            w = new StringBuilder();
            boolean quoted = false;
            while (i < n) {
                char c = line.charAt(i);
                if (c == '\\') {
                    int start = i;
                    while (i < n && line.charAt(i) == '\\') i++;
                    int count = i - start;
                    if (i < n && line.charAt(i) == '"') {
                        w.append("\\".repeat(count / 2));
                        if (count % 2 == 1) {
                            w.append('"');
                            i++;
                        }
                    } else {
                        w.append("\\".repeat(count));
                    }
                } else if (c == '"') {
                    if (quoted && i + 1 < n && line.charAt(i + 1) == '"') {
                        w.append('"');
                        i += 2;
                    } else {
                        quoted = !quoted;
                        i++;
                    }
                } else if (!quoted && (c == ' ' || c == '\t')) {
                    break;
                } else {
                    w.append(c);
                    i++;
                }
            }
            out.add(w.toString());
        }
        return out.stream().collect(Collectors.toList());
    }
}
