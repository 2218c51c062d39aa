package io.jobwarden.engine.run;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** A job references {@code ${env:NAME}} and {@code NAME} is not set where the run starts. */
public final class UnsetVariableException extends RuntimeException {
    private final List<String> names;

    public UnsetVariableException(Collection<String> names) {
        super(names.stream()
                .map(n -> "environment variable " + n + " is not set")
                .collect(Collectors.joining("; ")));
        this.names = List.copyOf(names);
    }

    public List<String> names() {
        return names;
    }
}
