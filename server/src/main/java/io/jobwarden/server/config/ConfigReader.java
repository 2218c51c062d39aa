package io.jobwarden.server.config;

import io.jobwarden.engine.Durations;
import io.jobwarden.engine.GroupSpec;
import io.jobwarden.engine.HistoryRetention;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.JobSpecReader;
import io.jobwarden.engine.TypedValues;
import io.jobwarden.engine.ValidationErrors;
import io.jobwarden.engine.run.EnvSubstitution;
import io.jobwarden.engine.run.TaskRunner;
import io.jobwarden.engine.run.UnsetVariableException;
import io.jobwarden.engine.schedule.CronDialect;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns the parsed and substituted tree into a {@link JobwardenConfig}: one method per section, every problem
 * added to the shared {@link ValidationErrors} with its path, defaults filled in, relative paths made absolute
 * against the base directory. The HTTP and security sections live in {@link AccessReader}.
 */
final class ConfigReader {
    static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final String[] LEVELS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"};

    /** The job types, from the plugins directory the file names (the java runner loads its tasks from there). */
    private final Function<Path, Map<String, TaskRunner>> runners;

    private final Path baseDir;
    private final ValidationErrors errors;
    private final Optional<String> nameOverride;
    /**
     * Empty, or the instance name when {@code --name} gives another name than the file's: that instance's own state
     * (default and relative SQLite files, data directory, logs) goes one directory level down, under its name, so
     * that two names run from one file never share a store or a log file.
     */
    private Path instanceLevel = Path.of("");

    /** False for the supervisor, which launches the worker and leaves the jobs to it (see ConfigLoader#withoutJobs). */
    private boolean readJobs = true;

    ConfigReader(
            Function<Path, Map<String, TaskRunner>> runners,
            Path baseDir,
            ValidationErrors errors,
            Optional<String> nameOverride) {
        this.runners = runners;
        this.baseDir = baseDir;
        this.errors = errors;
        this.nameOverride = nameOverride;
    }

    /** Leaves the jobs out: read as none, whatever the tree holds under {@code jobs} (ConfigLoader#withoutJobs). */
    ConfigReader withoutJobs() {
        readJobs = false;
        return this;
    }

    /**
     * @param tree    the substituted tree, which everything is read and checked from
     * @param literal the same tree with references as written: where jobs' settings are taken from
     * @param environment the environment {@code tree} was substituted from
     */
    JobwardenConfig read(Object tree, Object literal, ConfigEnvironment environment) {
        ConfigNode root = ConfigNode.of(tree, errors);
        String fileName = root.string("name", JobwardenConfig.DEFAULT_NAME);
        String name = nameOverride.orElse(fileName);
        if (!INSTANCE_NAME.matcher(name).matches()) {
            errors.add(
                    nameOverride.isPresent() ? "--name" : "name",
                    "'" + TypedValues.abbreviate(name)
                            + "' may use only letters, digits, '-' and '_', must start with a letter or digit and be at most 64 characters");
        }
        if (INSTANCE_NAME.matcher(name).matches()) instanceLevel = ConfigLoader.instanceLevel(fileName, name);
        int threads = root.integer("threads", JobwardenConfig.DEFAULT_THREADS, 1, 1000);
        Duration shutdownTimeout = root.duration("shutdown-timeout", JobwardenConfig.DEFAULT_SHUTDOWN_TIMEOUT);
        Duration misfireThreshold = root.duration("misfire-threshold", JobwardenConfig.DEFAULT_MISFIRE_THRESHOLD);
        Path plugins = path(root, "plugins", "plugins");
        AccessReader access = new AccessReader(baseDir);
        HttpSection http =
                access.http(root.section("http")).withMetricsAuth(access.metricsAuth(root.section("metrics")));
        StoreSection store = store(root.section("store"));
        ClusterSection cluster = cluster(root.section("cluster"), store);
        SecuritySection security = access.security(root.section("security"));
        access.checkBind(http, errors.at("http"));
        SupervisorSection supervisor = supervisor(root.section("supervisor"));
        LoggingSection logging = logging(root.section("logging"));
        Map<String, GroupSpec> groups = groups(root.section("groups"), threads);
        CronDialect cronDialect = root.choice("cron-dialect", null, CronDialect.values(), CronDialect::configName);
        List<Object> rawJobs = root.list("jobs");
        // No runners are made for a file without jobs (or a supervisor that leaves them out): they cost classes.
        List<JobSpec> jobs = !readJobs || rawJobs.isEmpty()
                ? List.of()
                : jobs(
                        rawJobs,
                        literalJobs(literal),
                        runners.apply(plugins),
                        groups,
                        environment.withheldFromJobs(),
                        cronDialect);
        AlertSection alerts = alerts(root.section("alerts"));
        HistoryRetention history = history(root.section("history"));
        RegistrySection registry = RegistryReader.read(root.section("registry"), name);
        root.rejectUnknownKeys();
        return new JobwardenConfig(
                name,
                baseDir,
                dataDir(),
                http,
                store,
                cluster,
                security,
                supervisor,
                logging,
                threads,
                shutdownTimeout,
                misfireThreshold,
                plugins,
                groups,
                jobs,
                alerts,
                environment,
                history,
                cronDialect,
                registry);
    }

    private StoreSection store(ConfigNode node) {
        Optional<String> url = node.optionalString("url");
        String resolved = url.map(u -> storeUrl(u, node.errors()))
                .orElseGet(() -> "jdbc:sqlite:" + dataDir().resolve("jobwarden.db"));
        Optional<String> user = node.optionalString("user");
        Optional<Secret> password = node.secret("password");
        int poolSize = node.integer("pool-size", StoreSection.DEFAULT_POOL_SIZE, 1, 1000);
        node.rejectUnknownKeys();
        return new StoreSection(resolved, user, password, poolSize);
    }

    /** Makes a relative SQLite file absolute; refuses databases the store cannot speak to. */
    private String storeUrl(String url, ValidationErrors at) {
        if (url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:mariadb:")) return url;
        if (!url.startsWith("jdbc:sqlite:")) {
            // The URL is not echoed: it may carry a password.
            at.add("url", "must be a JDBC URL starting with jdbc:sqlite:, jdbc:postgresql: or jdbc:mariadb:");
            return url;
        }
        String rest = url.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        String params = query < 0 ? "" : rest.substring(query);
        if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file:")) return url;
        try {
            Path given = Path.of(file);
            // An absolute file is where the operator wants it, shared on purpose if two names name it.
            Path resolved = given.isAbsolute() ? given : instanceFile(baseDir.resolve(given));
            return "jdbc:sqlite:" + resolved.normalize() + params;
        } catch (InvalidPathException e) {
            at.add("url", "'" + TypedValues.abbreviate(file) + "' is not a valid file path");
            return url;
        }
    }

    private ClusterSection cluster(ConfigNode node, StoreSection store) {
        boolean enabled = node.bool("enabled", false);
        ClusterLock lock = node.choice("lock", ClusterLock.STORE, ClusterLock.values(), ClusterLock::configName);
        Optional<String> redis = node.optionalString("redis");
        Duration lease = node.duration("lease", ClusterSection.DEFAULT_LEASE);
        Duration poll = node.duration("poll-interval", ClusterSection.DEFAULT_POLL_INTERVAL);
        ValidationErrors at = node.errors();
        if (redis.isPresent()
                && !redis.get().startsWith("redis://")
                && !redis.get().startsWith("rediss://")) {
            at.add("redis", "must be a URL starting with redis:// or rediss://");
        }
        if (lock == ClusterLock.REDIS && redis.isEmpty()) at.add("redis", "is required when cluster.lock is redis");
        if (enabled && store.embedded()) {
            at.add(
                    "enabled",
                    "a cluster needs a shared database, but store.url is SQLite; use jdbc:postgresql: or jdbc:mariadb:");
        }
        if (poll.compareTo(lease) >= 0)
            at.add("poll-interval", "must be shorter than lease (" + Durations.format(lease) + ")");
        node.rejectUnknownKeys();
        return new ClusterSection(enabled, lock, redis, lease, poll);
    }

    private SupervisorSection supervisor(ConfigNode node) {
        boolean enabled = node.bool("enabled", true);
        Duration heartbeat = node.duration("heartbeat-timeout", SupervisorSection.DEFAULT_HEARTBEAT_TIMEOUT);
        Duration delay = node.duration("restart-delay", SupervisorSection.DEFAULT_RESTART_DELAY);
        Duration maxDelay = node.duration("max-restart-delay", SupervisorSection.DEFAULT_MAX_RESTART_DELAY);
        List<String> jvmOptions = node.strings("jvm-options");
        if (maxDelay.compareTo(delay) < 0)
            node.errors().add("max-restart-delay", "must not be shorter than restart-delay");
        node.rejectUnknownKeys();
        return new SupervisorSection(enabled, heartbeat, delay, maxDelay, jvmOptions);
    }

    /** The instance's own directory for its store file and lock: {@code data/}, or {@code data/<name>/}. */
    private Path dataDir() {
        return ConfigLoader.dataDirectory(baseDir, instanceLevel);
    }

    /** {@code dir/file} becomes {@code dir/<name>/file} for an instance named on the command line. */
    private Path instanceFile(Path file) {
        Path parent = file.getParent();
        return parent == null ? file : parent.resolve(instanceLevel).resolve(file.getFileName());
    }

    private LoggingSection logging(ConfigNode node) {
        // Logs are never shared, not even in an absolute directory: two processes rolling one file lose lines.
        Path dir = path(node, "dir", LoggingSection.DEFAULT_DIR)
                .resolve(instanceLevel)
                .normalize();
        long maxFileSize = node.size("max-file-size", LoggingSection.DEFAULT_MAX_FILE_SIZE, 1024);
        int maxHistory = node.integer("max-history", LoggingSection.DEFAULT_MAX_HISTORY, 1, 3650);
        long totalSizeCap = node.size("total-size-cap", LoggingSection.DEFAULT_TOTAL_SIZE_CAP, 1024);
        boolean json = node.bool("json", false);
        boolean eventLog = node.bool("event-log", true);
        String level = node.choice("level", LoggingSection.DEFAULT_LEVEL, LEVELS, l -> l);
        if (totalSizeCap < maxFileSize) node.errors().add("total-size-cap", "must not be smaller than max-file-size");
        node.rejectUnknownKeys();
        return new LoggingSection(dir, maxFileSize, maxHistory, totalSizeCap, json, eventLog, level);
    }

    /** Configured groups plus {@link GroupSpec#DEFAULT}, which unless configured may use every thread. */
    private Map<String, GroupSpec> groups(ConfigNode node, int threads) {
        Map<String, GroupSpec> groups = new LinkedHashMap<>();
        for (String name : node.keys()) {
            ConfigNode group = node.section(name);
            if (!JobSpecReader.ID.matcher(name).matches()) {
                node.errors()
                        .add(
                                name,
                                "is not a valid group name; use letters, digits, '.', '_' and '-', starting with a letter or digit");
            }
            boolean isDefault = name.equals(GroupSpec.DEFAULT);
            if (!isDefault && !group.has("max-concurrent")) group.errors().add("max-concurrent", "is required");
            int maxConcurrent = group.integer("max-concurrent", threads, 1, Integer.MAX_VALUE);
            int priority = group.integer("priority", GroupSpec.DEFAULT_PRIORITY, 0, 100);
            group.rejectUnknownKeys();
            groups.put(name, new GroupSpec(name, maxConcurrent, priority));
        }
        groups.putIfAbsent(GroupSpec.DEFAULT, new GroupSpec(GroupSpec.DEFAULT, threads, GroupSpec.DEFAULT_PRIORITY));
        return groups;
    }

    private static List<?> literalJobs(Object literal) {
        return literal instanceof Map<?, ?> map && map.get("jobs") instanceof List<?> list ? list : List.of();
    }

    private List<JobSpec> jobs(
            List<Object> raw,
            List<?> literal,
            Map<String, TaskRunner> runners,
            Map<String, GroupSpec> groups,
            Set<String> withheldFromJobs,
            CronDialect cronDialect) {
        JobSpecReader reader = new JobSpecReader(runners, groups.keySet(), cronDialect);
        List<JobSpec> jobs = new ArrayList<>();
        Map<String, Integer> firstUse = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            ValidationErrors at = errors.at("jobs").at("[" + i + "]");
            JobSpec spec = reader.read(raw.get(i), at);
            if (raw.get(i) instanceof Map<?, ?> map && map.get("id") instanceof String id) {
                Integer earlier = firstUse.putIfAbsent(id, i);
                if (earlier != null)
                    at.add("id", "'" + TypedValues.abbreviate(id) + "' is already used by jobs[" + earlier + "]");
            }
            Object written = i < literal.size() ? literal.get(i) : null;
            if (spec != null) {
                spec = literalSettings(spec, written);
                rejectWithheld(spec, withheldFromJobs, at);
                jobs.add(spec);
            }
        }
        return jobs;
    }

    /** A run would fail on such a reference every time; say so at startup instead. */
    private static void rejectWithheld(JobSpec spec, Set<String> withheldFromJobs, ValidationErrors at) {
        spec.settings().forEach((key, value) -> {
            for (String name : EnvSubstitution.names(value)) {
                if (withheldFromJobs.contains(name))
                    at.add(key, UnsetVariableException.message(name, withheldFromJobs));
            }
        });
    }

    /**
     * The spec with its settings as written: a job is checked with its references substituted, so that a missing
     * variable or a bad value is a startup error, but keeps the references, so that the store and every view of
     * the job hold {@code ${env:NAME}} and never the value. Common keys (schedule, timeout, ...) stay substituted.
     */
    private static JobSpec literalSettings(JobSpec spec, Object literal) {
        if (!(literal instanceof Map<?, ?> written)) return spec;
        Map<String, Object> settings = new LinkedHashMap<>();
        spec.settings().forEach((key, value) -> settings.put(key, written.containsKey(key) ? written.get(key) : value));
        return spec.withSettings(settings);
    }

    private static HistoryRetention history(ConfigNode node) {
        int keepDays = node.integer("keep-days", HistoryRetention.DEFAULT.keepDays(), 1, 36_500);
        int keepRuns = node.integer("keep-runs-per-job", HistoryRetention.DEFAULT.keepRunsPerJob(), 1, 10_000_000);
        node.rejectUnknownKeys();
        return new HistoryRetention(keepDays, keepRuns);
    }

    private AlertSection alerts(ConfigNode node) {
        Optional<WebhookSection> webhook = Optional.empty();
        if (node.has("webhook")) {
            ConfigNode hook = node.section("webhook");
            Optional<URI> url = hook.requiredString("url", "is required").flatMap(u -> httpUrl(u, hook.errors()));
            Optional<Secret> secret = hook.secret("secret");
            hook.rejectUnknownKeys();
            webhook = url.map(u -> new WebhookSection(u, secret));
        }
        node.rejectUnknownKeys();
        return new AlertSection(webhook);
    }

    private static Optional<URI> httpUrl(String text, ValidationErrors at) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null)
                return Optional.of(uri);
        } catch (URISyntaxException e) {
            // reported below, the same as a URL of the wrong scheme
        }
        at.add("url", "must be an http:// or https:// URL");
        return Optional.empty();
    }

    private Path path(ConfigNode node, String key, String defaultValue) {
        return node.path(key, baseDir)
                .orElseGet(() -> baseDir.resolve(defaultValue).normalize());
    }
}
