package io.jobwarden.platform;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Shell-style quoting for printing argv and for systemd's ExecStart=, which splits words the same way. */
public final class PosixQuoting {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private PosixQuoting() {}

    public static String quote(String word) {
        if (PLAIN.matcher(word).matches()) return word;
        return '"' + word.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    public static String join(List<String> argv) {
        return argv.stream().map(PosixQuoting::quote).collect(Collectors.joining(" "));
    }
}
