package io.jobwarden.server.config;

import io.jobwarden.engine.FieldError;
import io.jobwarden.engine.InvalidInputException;
import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.EnvSubstitution;
import io.jobwarden.engine.run.TaskRunner;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@code jobwarden.yml} into a {@link JobwardenConfig}: YAML to plain maps, {@code ${env:NAME}} substituted,
 * then every setting and every job validated, with every problem reported at once with its path. Jobs are read
 * through the engine's {@link io.jobwarden.engine.JobSpecReader}, so the file and the REST API accept the same jobs.
 * Nothing is written: loading never creates a directory or a file.
 *
 * <p>Relative paths in the file are resolved against the base directory: {@code --data DIR} when given, otherwise
 * the directory holding the config file (see {@link #baseDirectory}).
 */
public final class ConfigLoader {
    private final Function<Path, Map<String, TaskRunner>> runners;
    private final Map<String, String> env;
    private Optional<String> nameOverride = Optional.empty();
    private boolean readJobs = true;

    /** Reads {@code ${env:NAME}} from this process's environment. */
    public ConfigLoader(Collection<? extends TaskRunner> runners) {
        this(runners, System.getenv());
    }

    /**
     * @param runners the job types this instance can run; an empty collection checks jobs' shape only
     * @param env     where {@code ${env:NAME}} is looked up
     */
    public ConfigLoader(Collection<? extends TaskRunner> runners, Map<String, String> env) {
        Map<String, TaskRunner> byType = byType(runners);
        this.runners = plugins -> byType;
        this.env = Map.copyOf(env);
    }

    private ConfigLoader(Function<Path, Map<String, TaskRunner>> runners, Map<String, String> env) {
        this.runners = runners;
        this.env = Map.copyOf(env);
    }

    /**
     * Validates jobs against the runners made for the plugins directory the file itself names (the java runner
     * loads its tasks from there), so that the file is read once, not once to learn that directory and again.
     */
    public static ConfigLoader forPlugins(Function<Path, ? extends Collection<? extends TaskRunner>> runners) {
        return new ConfigLoader(plugins -> byType(runners.apply(plugins)), System.getenv());
    }

    private static Map<String, TaskRunner> byType(Collection<? extends TaskRunner> runners) {
        Map<String, TaskRunner> byType = new LinkedHashMap<>();
        for (TaskRunner r : runners) {
            if (byType.putIfAbsent(r.type(), r) != null)
                throw new IllegalArgumentException("two runners for type " + r.type());
        }
        return Map.copyOf(byType);
    }

    /**
     * Loads the file as the instance {@code name} ({@code --name}) rather than the name the file gives. Another name
     * than the file's gets its own store file, data directory and logs (docs/configuration.md#instances).
     */
    public ConfigLoader instanceName(String name) {
        this.nameOverride = Optional.ofNullable(name);
        return this;
    }

    /**
     * Reads every setting but the jobs, which come out as none: what the supervisor reads, which only launches the
     * worker. Validating a thousand jobs (cron expressions, every runner's settings) would double the start-up and
     * the supervisor's memory for nothing; the worker reads the whole file and reports a broken job.
     */
    public ConfigLoader withoutJobs() {
        this.readJobs = false;
        return this;
    }

    /**
     * The directory relative paths are resolved against: {@code dataDir} when given ({@code --data}), else the
     * config file's directory, else (no config file) the current directory. Why not always the current
     * directory: a service manager starts the process wherever it likes ({@code /} under systemd, System32 on
     * Windows), and the same file must mean the same paths there as in a terminal.
     */
    public static Path baseDirectory(Path dataDir, Path configFile) {
        if (dataDir != null) return dataDir.toAbsolutePath().normalize();
        Path parent = configFile == null
                ? null
                : configFile.toAbsolutePath().normalize().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    /**
     * An instance's data directory, by the rule {@code run} follows: {@code <base>/data/} for the name the file gives
     * (or the default name), {@code <base>/data/<name>/} for another name given with {@code --name}.
     */
    public static Path instanceDataDirectory(Path baseDirectory, String fileName, String name) {
        return dataDirectory(baseDirectory, instanceLevel(fileName, name));
    }

    /** The extra directory level of an instance's data and logs: none for the file's own name, else the name. */
    static Path instanceLevel(String fileName, String name) {
        return name.equals(fileName) ? Path.of("") : Path.of(name);
    }

    static Path dataDirectory(Path baseDirectory, Path instanceLevel) {
        return baseDirectory.resolve("data").resolve(instanceLevel).normalize();
    }

    /**
     * Loads and validates a config file.
     *
     * @param dataDir the {@code --data} directory, or null
     * @throws InvalidInputException listing every problem; a missing or unreadable file is one problem
     */
    public JobwardenConfig load(Path file, Path dataDir) {
        if (!Files.exists(file)) throw new InvalidInputException("", "config file " + file + " does not exist");
        if (Files.isDirectory(file))
            throw new InvalidInputException("", "config file " + file + " is a directory, not a file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("", "config file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException("", "config file " + file + " cannot be read: " + e.getMessage());
        }
        return parse(text, String.valueOf(file.getFileName()), baseDirectory(dataDir, file));
    }

    /**
     * Validates YAML text.
     *
     * @param source  what syntax errors are reported against, usually the file name
     * @param baseDir the absolute directory relative paths are resolved against
     */
    public JobwardenConfig parse(String yaml, String source, Path baseDir) {
        if (!readJobs) {
            String settings = JobsBlock.blanked(yaml);
            if (settings != null) {
                try {
                    return read(settings, source, baseDir);
                } catch (InvalidInputException e) {
                    // Reported from the whole text, as the worker will read it: the blanked text may fail where the
                    // file does not (JobsBlock says when).
                }
            }
        }
        return read(yaml, source, baseDir);
    }

    private JobwardenConfig read(String yaml, String source, Path baseDir) {
        Object tree = YamlTree.parse(EnvReferences.protect(yaml), source, readJobs ? null : "jobs");
        ValidationErrors envErrors = new ValidationErrors();
        Set<String> failedPaths = new HashSet<>();
        Object resolved = new EnvReferences(env).resolve(tree, envErrors, "", failedPaths);
        Object literal = EnvReferences.literal(tree);
        // The API tokens and control secret would let a job act as an admin; the Consul token, re-register the service.
        Set<String> withheld = new HashSet<>();
        if (literal instanceof Map<?, ?> root) {
            withheld.addAll(EnvSubstitution.names(root.get("security")));
            withheld.addAll(EnvSubstitution.names(root.get("registry")));
        }
        env.keySet().stream()
                .filter(n -> n.regionMatches(true, 0, "JOBWARDEN_", 0, "JOBWARDEN_".length()))
                .forEach(withheld::add);
        ConfigEnvironment environment = new ConfigEnvironment(env, EnvSubstitution.names(literal), withheld);

        ValidationErrors errors = new ValidationErrors();
        ConfigReader reader = new ConfigReader(runners, baseDir.toAbsolutePath().normalize(), errors, nameOverride);
        if (!readJobs) reader.withoutJobs();
        JobwardenConfig config = reader.read(resolved, literal, environment);
        List<FieldError> all = new ArrayList<>(envErrors.list());
        // A value whose variable is missing was reported once; what the checks say about its empty stand-in is noise.
        errors.list().stream().filter(e -> !failedPaths.contains(e.field())).forEach(all::add);
        if (!all.isEmpty()) throw new InvalidInputException(all);
        return config;
    }

    /** The config of an instance started without a file: every default. */
    public JobwardenConfig defaults(Path baseDir) {
        return parse("", "defaults", baseDir);
    }
}
