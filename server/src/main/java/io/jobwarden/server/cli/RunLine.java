package io.jobwarden.server.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code run} command line read without picocli. Both processes of a supervised instance start with {@code run},
 * and building picocli's model of every command by reflection costs each of them about 0.3 s and hundreds of
 * classes (bench/FOOTPRINT.md). Only the plain forms are read here: {@code --config}, {@code --data}, {@code --name},
 * {@code --port} (each once, as {@code --opt VALUE} or {@code --opt=VALUE}) and {@code --no-supervisor}. Anything
 * else, {@code --help} or a mistake included, is left to picocli, which answers and reports it as always.
 */
final class RunLine {
    /** What picocli reads as the same int: no sign, no leading zero (which Integer.decode would take as octal). */
    private static final Pattern PORT = Pattern.compile("0|[1-9][0-9]{0,8}");

    private RunLine() {}

    /** The command, or empty when picocli must read these arguments. */
    static Optional<RunCommand> read(String... args) {
        if (args.length == 0 || !args[0].equals("run")) return Optional.empty();
        RunCommand run = new RunCommand();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--no-supervisor")) {
                if (run.noSupervisor) return Optional.empty();
                run.noSupervisor = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String option = eq < 0 ? arg : arg.substring(0, eq);
            String value;
            if (eq >= 0) value = arg.substring(eq + 1);
            else if (i + 1 < args.length && !args[i + 1].startsWith("-")) value = args[++i];
            else return Optional.empty();
            switch (option) {
                case "--config" -> {
                    if (run.config != null) return Optional.empty();
                    run.config = path(value);
                    if (run.config == null) return Optional.empty();
                }
                case "--data" -> {
                    if (run.data != null) return Optional.empty();
                    run.data = path(value);
                    if (run.data == null) return Optional.empty();
                }
                case "--name" -> {
                    if (run.name != null) return Optional.empty();
                    run.name = value;
                }
                case "--port" -> {
                    if (run.port != null || !PORT.matcher(value).matches()) return Optional.empty();
                    run.port = Integer.valueOf(value);
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(run);
    }

    /** Runs the command as picocli would: its exit code, or the {@link ErrorLines} of what it threw. */
    static int execute(RunCommand run) {
        try {
            return run.call();
        } catch (Exception e) {
            return ErrorLines.report(e, new PrintWriter(System.err, true));
        }
    }

    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }
}
