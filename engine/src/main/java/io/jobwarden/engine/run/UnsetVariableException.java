package io.jobwarden.engine.run;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A job references {@code ${env:NAME}} and {@code NAME} is not set, or not given to jobs, where the run starts. */
public final class UnsetVariableException extends RuntimeException {
    private final List<String> names;

    public UnsetVariableException(Collection<String> names) {
        this(names, Set.of());
    }

    /** @param withheld the names that are set but withheld from jobs, which the message says */
    public UnsetVariableException(Collection<String> names, Set<String> withheld) {
        super(names.stream().map(n -> message(n, withheld)).collect(Collectors.joining("; ")));
        this.names = List.copyOf(names);
    }

    public static String message(String name, Set<String> withheld) {
        return withheld.contains(name)
                ? "environment variable " + name + " holds a secret of the service and is not given to jobs"
                : "environment variable " + name + " is not set";
    }

    public List<String> names() {
        return names;
    }
}
