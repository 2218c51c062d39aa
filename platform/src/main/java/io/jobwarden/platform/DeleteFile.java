package io.jobwarden.platform;

import java.nio.file.Path;

public record DeleteFile(Path path) implements PlanStep {
    @Override
    public String describe() {
        return "delete " + path;
    }
}
