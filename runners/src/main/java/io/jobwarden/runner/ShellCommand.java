package io.jobwarden.runner;

import io.jobwarden.engine.ValidationErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shell job's settings, read: the argv to start, where, and with which extra environment.
 *
 * @param argv    the program and its arguments; a {@code shell:} line becomes {@code /bin/sh -c LINE} (Windows: {@code cmd.exe /c LINE})
 * @param workdir null to inherit the service's working directory
 * @param env     the job's own variables, set over what {@link ShellEnvironment} passes on
 */
record ShellCommand(List<String> argv, String workdir, Map<String, String> env) {
    static final Set<String> SETTINGS = Set.of("command", "shell", "workdir", "env");
    private static final String COMMAND_EXAMPLE = "[\"/usr/bin/find\", \"/tmp/x\", \"-mtime\", \"+7\", \"-delete\"]";

    ShellCommand {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** Null when the settings are invalid; every problem is in {@code errors}. */
    static ShellCommand read(Map<String, Object> settings, ValidationErrors errors, boolean windows) {
        SettingsReader reader = new SettingsReader(settings, errors);
        reader.rejectUnknown(SETTINGS, "shell");
        List<String> argv = argv(reader, windows);
        String workdir = reader.string("workdir");
        if (workdir != null && workdir.isBlank()) {
            errors.add("workdir", "must not be blank; leave it out to use the service's directory");
            workdir = null;
        }
        Map<String, String> env = reader.stringMap("env");
        if (env != null) {
            for (String name : env.keySet()) {
                if (name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                    errors.add("env." + name, "a variable name must not contain '=' or NUL");
                }
            }
        }
        if (!errors.isEmpty()) return null;
        return new ShellCommand(argv, workdir, env);
    }

    private static List<String> argv(SettingsReader reader, boolean windows) {
        boolean hasCommand = reader.has("command");
        boolean hasShell = reader.has("shell");
        if (hasCommand && hasShell) {
            reader.errors()
                    .add("command", "give either command (a list of arguments) or shell (one command line), not both");
            return null;
        }
        if (!hasCommand && !hasShell) {
            reader.errors()
                    .add(
                            "command",
                            "is required: a list of arguments, e.g. " + COMMAND_EXAMPLE
                                    + ", or give shell: \"a command line\" instead");
            return null;
        }
        if (hasShell) {
            String line = reader.requiredString("shell", "\"find /tmp/x -mtime +7 -delete\"");
            if (line == null) return null;
            return windows ? List.of("cmd.exe", "/c", line) : List.of("/bin/sh", "-c", line);
        }
        if (reader.isString("command")) {
            // Splitting the string would mean guessing at quoting; the user picks argv or a shell line.
            reader.errors()
                    .add(
                            "command",
                            "must be a list of arguments, e.g. " + COMMAND_EXAMPLE
                                    + "; to run a command line through the shell, use shell: \"...\" instead");
            return null;
        }
        List<String> argv = reader.stringList("command", COMMAND_EXAMPLE);
        if (argv == null) return null;
        if (argv.isEmpty()) {
            reader.errors()
                    .add("command", "must not be empty; the first element is the program, e.g. " + COMMAND_EXAMPLE);
            return null;
        }
        if (argv.get(0).isBlank()) {
            reader.errors().add("command[0]", "the program must not be blank");
            return null;
        }
        return new ArrayList<>(argv);
    }
}
