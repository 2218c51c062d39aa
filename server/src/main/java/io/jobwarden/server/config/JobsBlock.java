package io.jobwarden.server.config;

/**
 * Blanks the lines of a config file's top-level {@code jobs:} block, for the supervisor's read of every setting but
 * the jobs. Why not let the YAML parser step over them: the supervisor runs its start-up mostly interpreted (its
 * JVM options keep the JIT quiet to stay small), and scanning a thousand jobs' YAML that way took 400 ms of a 700 ms
 * start, measured in bench/FOOTPRINT.md. Blanked lines stay as empty lines, so a syntax error elsewhere keeps its
 * line number.
 *
 * <p>Only the plain block form is blanked: {@code jobs:} alone on a line at column 0 (a comment may follow), then
 * the lines up to the next one that starts at column 0 with anything but {@code #} or a {@code - } sequence entry.
 * Anything else ({@code jobs: [...]}, a quoted key, a tab) is left as it is. A quoted scalar or a flow collection
 * left open at the end of one of those lines (or of a line before them) may go on at column 0, which YAML's parser
 * accepts and this rule would take for the next setting: then nothing is blanked. The result is a shortcut, never a verdict: a caller whose
 * read of the blanked text fails in any way (an alias to an anchor among the jobs) reads the whole text again.
 */
final class JobsBlock {
    private static final String KEY = "jobs:";

    private JobsBlock() {}

    /** The text with its jobs block blanked, or null when it has no block in the plain form. */
    static String blanked(String yaml) {
        // Scanned as an array, not with charAt: the supervisor runs this interpreted, where each charAt is a chain of
        // calls, and a thousand jobs are some 80,000 characters.
        char[] text = yaml.toCharArray();
        StringBuilder out = null;
        boolean inBlock = false;
        int start = 0;
        while (start < text.length) {
            int newline = start;
            while (newline < text.length && text[newline] != '\n') newline++;
            if (newline == text.length) newline = -1;
            int end = newline < 0 ? text.length : newline + 1;
            if (inBlock && continuesBlock(text, start, end)) {
                if (!closesEverything(text, start, end)) return null;
                if (out == null) out = new StringBuilder(text.length).append(text, 0, start);
                if (newline >= 0) out.append('\n');
            } else {
                // Before the block too: a quote open across `jobs:` would make it part of a scalar.
                if (out == null && !inBlock && !closesEverything(text, start, end)) return null;
                inBlock = opensBlock(yaml, text, start, end);
                if (out != null) out.append(text, start, end - start);
            }
            start = end;
        }
        return out == null ? null : out.toString();
    }

    /** {@code jobs:} at column 0 with nothing after it but blanks and a comment. */
    private static boolean opensBlock(String yaml, char[] text, int start, int end) {
        if (!yaml.startsWith(KEY, start)) return false;
        for (int i = start + KEY.length(); i < end; i++) {
            char c = text[i];
            if (c == '#') return i > start + KEY.length() && text[i - 1] == ' ';
            if (c != ' ' && c != '\r' && c != '\n') return false;
        }
        return true;
    }

    /**
     * Whether every quoted scalar and flow collection the line opens is closed on it. Errs towards "no": a quote or
     * bracket counts as opening wherever a scalar or collection could start (after a blank, {@code [{,:} or at the
     * line's start), so {@code echo 'a} is taken as open, and {@code it's} is not, as in YAML.
     */
    private static boolean closesEverything(char[] text, int start, int end) {
        char quote = 0;
        int depth = 0;
        for (int i = start; i < end; i++) {
            char c = text[i];
            if (quote == '"') {
                if (c == '\\') i++;
                else if (c == '"') quote = 0;
            } else if (quote == '\'') {
                if (c == '\'' && i + 1 < end && text[i + 1] == '\'') i++;
                else if (c == '\'') quote = 0;
            } else if (c == '#' && (i == start || text[i - 1] == ' ')) {
                break;
            } else if ((c == '"' || c == '\'') && startsNode(text, start, i)) {
                quote = c;
            } else if ((c == '[' || c == '{') && startsNode(text, start, i)) {
                depth++;
            } else if ((c == ']' || c == '}') && depth > 0) {
                depth--;
            }
        }
        return quote == 0 && depth == 0;
    }

    private static boolean startsNode(char[] text, int lineStart, int i) {
        if (i == lineStart) return true;
        char before = text[i - 1];
        return before == ' ' || before == '[' || before == '{' || before == ',' || before == ':';
    }

    /** A line of the block: empty, indented by a space, a comment, or a sequence entry at column 0. */
    private static boolean continuesBlock(char[] text, int start, int end) {
        char first = text[start];
        if (first == ' ' || first == '#' || first == '\n' || first == '\r') return true;
        if (first != '-') return false;
        if (start + 1 == end) return true;
        char second = text[start + 1];
        return second == ' ' || second == '\r' || second == '\n';
    }
}
