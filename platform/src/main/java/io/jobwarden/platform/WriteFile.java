package io.jobwarden.platform;

import java.nio.file.Path;

/** Writes a text file (a unit, a plist) with the given POSIX permissions. */
public record WriteFile(Path path, String content, String permissions) implements PlanStep {
    @Override
    public String describe() {
        return "write " + path + " (mode " + permissions + "):\n"
                + content.indent(4).stripTrailing().replaceAll("(?m)^    ", "    | ");
    }
}
