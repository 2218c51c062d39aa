package io.jobwarden.engine;

import static io.jobwarden.engine.TypedValues.abbreviate;

import io.jobwarden.engine.run.TaskRunner;
import io.jobwarden.engine.schedule.CronDialect;
import io.jobwarden.engine.schedule.ScheduleException;
import io.jobwarden.engine.schedule.Schedules;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a job as users write it (a YAML or JSON object, already parsed to maps and lists) into a {@link JobSpec},
 * reporting every problem with its path. The config file, the REST API and the store all read jobs through this one
 * class, so a job is accepted or refused the same way wherever it comes from.
 *
 * <p>Keys other than the common ones below are the job type's own settings and are checked by its runner.
 */
public final class JobSpecReader {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    public static final Duration MAX_TIMEOUT = Duration.ofDays(30);
    /** The longest duration any job key takes, as for {@code @every}. */
    static final Duration LONGEST = Duration.ofDays(36500);

    static final Set<String> COMMON_KEYS = Set.of(
            "id",
            "schedule",
            "zone",
            "type",
            "timeout",
            "retry",
            "overlap",
            "misfire",
            "group",
            "priority",
            "description",
            "max-queued",
            "cron-dialect");
    private static final Set<String> RETRY_KEYS = Set.of("max", "backoff", "max-backoff");

    private final Map<String, TaskRunner> runners;
    private final Set<String> groups;
    private final CronDialect defaultDialect;

    /**
     * @param runners the job types this instance can run, by type; their settings are validated by them
     * @param groups  the group names jobs may name; {@link GroupSpec#DEFAULT} is always allowed
     */
    public JobSpecReader(Map<String, TaskRunner> runners, Set<String> groups) {
        this(runners, groups, null);
    }

    /** @param defaultDialect the config's {@code cron-dialect:} for jobs that set none; null when it sets none */
    public JobSpecReader(Map<String, TaskRunner> runners, Set<String> groups, CronDialect defaultDialect) {
        this.runners = Map.copyOf(runners);
        this.groups = Set.copyOf(groups);
        this.defaultDialect = defaultDialect;
    }

    /**
     * A reader that checks only the shape of the common keys, not the schedule, type or settings: for definitions
     * that were fully validated when they were stored, so reading a million of them stays cheap.
     */
    public static JobSpecReader lenient() {
        return new JobSpecReader(Map.of(), Set.of());
    }

    private boolean checksTypes() {
        return !runners.isEmpty();
    }

    /** Reads and validates; on any problem, adds it to {@code errors} and returns null. */
    public JobSpec read(Object raw, ValidationErrors errors) {
        if (!(raw instanceof Map<?, ?> map)) {
            errors.add("", "must be an object with id, schedule and type");
            return null;
        }
        int before = errors.list().size();
        String id = requiredString(map, "id", errors);
        if (id != null && !ID.matcher(id).matches()) {
            errors.add(
                    "id",
                    "'" + abbreviate(id)
                            + "' may use only letters, digits, '.', '_' and '-', must start with a letter or digit and be at most 128 characters");
        }
        ZoneId zone = zone(map.get("zone"), errors);
        CronDialect dialect = cronDialect(map.get("cron-dialect"), errors);
        String schedule = requiredString(map, "schedule", errors);
        if (schedule != null) {
            try {
                ZoneId prefixed = Schedules.prefixZone(schedule).orElse(null);
                // Two names of one zone (UTC and Etc/UTC, Asia/Calcutta and Asia/Kolkata) agree: same rules.
                if (prefixed != null && zone != null && !prefixed.getRules().equals(zone.getRules())) {
                    errors.add(
                            "zone",
                            "'" + zone.getId() + "' disagrees with the schedule's zone prefix '" + prefixed.getId()
                                    + "'; keep one of them");
                }
                if (zone == null) zone = prefixed;
                if (checksTypes()) Schedules.parse(schedule, zone == null ? ZoneId.systemDefault() : zone, dialect);
            } catch (ScheduleException e) {
                errors.add("schedule", e.getMessage());
            }
        }
        String type = requiredString(map, "type", errors);
        TaskRunner runner = null;
        if (type != null && checksTypes()) {
            runner = runners.get(type);
            if (runner == null)
                errors.add(
                        "type",
                        "'" + abbreviate(type) + "' is not a job type; use one of "
                                + String.join(
                                        ", ", runners.keySet().stream().sorted().toList()));
        }
        Duration timeout = duration(map.get("timeout"), "timeout", errors);
        if (timeout != null && (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0)) {
            errors.add("timeout", "must be positive and at most 30d");
        }
        RetryPolicy retry = retry(map.get("retry"), errors.at("retry"));
        OverlapPolicy overlap =
                choice(map.get("overlap"), "overlap", OverlapPolicy.values(), OverlapPolicy::configName, errors);
        MisfirePolicy misfire =
                choice(map.get("misfire"), "misfire", MisfirePolicy.values(), MisfirePolicy::configName, errors);
        String group = optionalString(map, "group", errors);
        if (group != null && checksTypes() && !group.equals(GroupSpec.DEFAULT) && !groups.contains(group)) {
            errors.add("group", "'" + abbreviate(group) + "' is not a configured group");
        }
        Integer priority = TypedValues.integer(map.get("priority"), "priority", 0, 100, errors);
        Integer maxQueued = TypedValues.integer(map.get("max-queued"), "max-queued", 1, 100_000, errors);
        String description = optionalString(map, "description", errors);
        if (description != null && description.length() > 1000)
            errors.add("description", "must be at most 1000 characters");

        Map<String, Object> settings = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            String key = String.valueOf(k);
            // A key written with no value (YAML "key:", JSON null) is absent, as it is for the common keys.
            if (!COMMON_KEYS.contains(key) && v != null) settings.put(key, v);
        });
        if (runner != null) runner.validate(settings, errors);
        if (errors.list().size() > before) return null;
        return new JobSpec(
                id,
                schedule,
                zone,
                type,
                settings,
                timeout,
                retry,
                overlap,
                misfire,
                group,
                priority,
                description,
                maxQueued,
                dialect);
    }

    /** Reads a definition that must be valid; throws {@link InvalidInputException} listing every problem. */
    public JobSpec readValid(Object raw) {
        ValidationErrors errors = new ValidationErrors();
        JobSpec spec = read(raw, errors);
        errors.throwIfAny();
        return spec;
    }

    /** The definition in the same shape {@link #read} accepts: what the store and the API write out. */
    public static Map<String, Object> toMap(JobSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", spec.id());
        out.put("schedule", spec.schedule());
        out.put("zone", spec.zone().getId());
        out.put("type", spec.type());
        out.putAll(spec.settings());
        if (spec.timeout() != null) out.put("timeout", Durations.format(spec.timeout()));
        Map<String, Object> retry = new LinkedHashMap<>();
        retry.put("max", spec.retry().max());
        retry.put("backoff", Durations.format(spec.retry().backoff()));
        retry.put("max-backoff", Durations.format(spec.retry().maxBackoff()));
        out.put("retry", retry);
        out.put("overlap", spec.overlap().configName());
        out.put("misfire", spec.misfire().configName());
        out.put("group", spec.group());
        if (spec.priority() != null) out.put("priority", spec.priority());
        if (spec.description() != null) out.put("description", spec.description());
        if (spec.maxQueued() != null) out.put("max-queued", spec.maxQueued());
        if (spec.cronDialect() != null)
            out.put("cron-dialect", spec.cronDialect().configName());
        return out;
    }

    private static RetryPolicy retry(Object raw, ValidationErrors errors) {
        if (raw == null) return null;
        if (!(raw instanceof Map<?, ?> map)) {
            errors.add("", "must be an object like { max: 3, backoff: 30s, max-backoff: 10m }");
            return null;
        }
        for (Object key : map.keySet()) {
            if (!RETRY_KEYS.contains(String.valueOf(key)))
                errors.add(String.valueOf(key), "is not a retry setting; use max, backoff, max-backoff");
        }
        Integer max = TypedValues.integer(map.get("max"), "max", 0, 1000, errors);
        Duration backoff = duration(map.get("backoff"), "backoff", errors);
        Duration maxBackoff = duration(map.get("max-backoff"), "max-backoff", errors);
        if (max == null && map.get("max") == null) errors.add("max", "is required");
        backoff = backoff == null ? RetryPolicy.NONE.backoff() : backoff;
        if (maxBackoff == null) {
            maxBackoff = backoff.compareTo(RetryPolicy.NONE.maxBackoff()) > 0 ? backoff : RetryPolicy.NONE.maxBackoff();
        }
        if (maxBackoff.compareTo(backoff) < 0) errors.add("max-backoff", "must not be shorter than backoff");
        if (max == null || maxBackoff.compareTo(backoff) < 0) return null;
        return new RetryPolicy(max, backoff, maxBackoff);
    }

    private static ZoneId zone(Object raw, ValidationErrors errors) {
        if (raw == null) return null;
        if (!(raw instanceof String s)) {
            errors.add("zone", "must be a time zone name like Europe/Berlin");
            return null;
        }
        try {
            return ZoneId.of(s);
        } catch (DateTimeException e) {
            errors.add("zone", "'" + abbreviate(s) + "' is not a time zone; use a name like Europe/Berlin or UTC");
            return null;
        }
    }

    /** The job's {@code cron-dialect}, else the config's; null when neither chose one. */
    private CronDialect cronDialect(Object raw, ValidationErrors errors) {
        if (raw == null) return defaultDialect;
        Optional<CronDialect> dialect = raw instanceof String s ? CronDialect.fromConfigName(s) : Optional.empty();
        if (dialect.isEmpty()) {
            errors.add(
                    "cron-dialect", "'" + abbreviate(String.valueOf(raw)) + "' is not one of " + CronDialect.choices());
            return null;
        }
        return dialect.get();
    }

    private static Duration duration(Object raw, String field, ValidationErrors errors) {
        Duration d = TypedValues.duration(raw, field, errors);
        // Backoffs become milliseconds and instants; an absurd one would overflow there, far from this input.
        if (d != null && d.compareTo(LONGEST) > 0) {
            errors.add(
                    field,
                    "'" + abbreviate(String.valueOf(raw)) + "' is too long; the most is " + Durations.format(LONGEST));
            return null;
        }
        return d;
    }

    private static <E> E choice(
            Object raw,
            String field,
            E[] values,
            java.util.function.Function<E, String> name,
            ValidationErrors errors) {
        if (raw == null) return null;
        String text = String.valueOf(raw).toLowerCase(Locale.ROOT);
        for (E value : values) {
            if (name.apply(value).equals(text)) return value;
        }
        errors.add(
                field,
                "'" + abbreviate(String.valueOf(raw)) + "' is not one of "
                        + String.join(" | ", List.of(values).stream().map(name).toList()));
        return null;
    }

    private static String requiredString(Map<?, ?> map, String key, ValidationErrors errors) {
        Object v = map.get(key);
        if (v == null) {
            errors.add(key, "is required");
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            errors.add(key, "must be a non-empty string");
            return null;
        }
        return s;
    }

    private static String optionalString(Map<?, ?> map, String key, ValidationErrors errors) {
        Object v = map.get(key);
        if (v == null) return null;
        if (!(v instanceof String s)) {
            errors.add(key, "must be a string");
            return null;
        }
        return s;
    }
}
