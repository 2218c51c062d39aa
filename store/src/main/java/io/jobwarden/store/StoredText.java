package io.jobwarden.store;

/**
 * Text from runs (process output, stack traces) made fit for every database: PostgreSQL refuses the NUL character
 * in text, so it becomes U+FFFD, and sizes are bounded so one run cannot bloat the history.
 */
final class StoredText {
    /** docs/semantics.md: every run keeps the last 64 KiB of output. */
    static final int MAX_OUTPUT = 64 * 1024;
    /** Far more than any real stack trace; a runaway message is cut here, keeping its beginning. */
    static final int MAX_ERROR = 1024 * 1024;

    static final int MAX_NOTE = 4000;

    private StoredText() {}

    /** The tail of the output: the end is where a failing process says why. */
    static String output(String text) {
        if (text == null) return null;
        String clean = clean(text);
        return clean.length() <= MAX_OUTPUT ? clean : clean.substring(clean.length() - MAX_OUTPUT);
    }

    /** The head of an error: the exception and its first frames come first. */
    static String error(String text) {
        return head(text, MAX_ERROR);
    }

    static String note(String text) {
        return head(text, MAX_NOTE);
    }

    private static String head(String text, int max) {
        if (text == null) return null;
        String clean = clean(text);
        if (clean.length() <= max) return clean;
        String marker = "\n... (" + (clean.length() - max) + " more characters cut by the store)";
        return clean.substring(0, max - marker.length()) + marker;
    }

    private static String clean(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }
}
