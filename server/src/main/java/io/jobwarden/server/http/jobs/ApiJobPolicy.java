package io.jobwarden.server.http.jobs;

import io.jobwarden.engine.Durations;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.schedule.Schedule;
import io.jobwarden.engine.schedule.Schedules;
import io.jobwarden.runner.HostPatterns;
import io.jobwarden.server.http.ApiException;
import io.jobwarden.server.http.auth.Role;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a job created or changed through the API may be: the {@code security} keys {@code api-code-jobs},
 * {@code http-allow}, {@code min-period} and {@code max-jobs}. A token that may change jobs must not thereby be
 * able to run code on the host or reach what only the host can reach; jobs from the config file are the
 * operator's own and are not limited here.
 *
 * @param codeJobs  whether shell and java jobs may be created or changed through the API at all (by admins)
 * @param httpAllow host patterns API http jobs may call ({@code api.example.com}, {@code *.example.com},
 *                  {@code 10.1.2.3}); empty allows every host the http runner allows
 * @param minPeriod the shortest time between two fires of an API job
 * @param maxJobs   the most jobs the store may hold before the API refuses to create more
 */
public record ApiJobPolicy(boolean codeJobs, List<String> httpAllow, Duration minPeriod, int maxJobs) {
    /** Job types that run code of the caller's choosing on this host. */
    public static final Set<String> CODE_TYPES = Set.of("shell", "java");

    public static final Duration DEFAULT_MIN_PERIOD = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_JOBS = 10_000;
    /** How many fires ahead a cron schedule is sampled for its shortest gap. */
    static final int SAMPLED_FIRES = 20;

    public ApiJobPolicy {
        httpAllow = List.copyOf(httpAllow);
        if (minPeriod == null || minPeriod.isNegative()) throw new IllegalArgumentException("minPeriod");
        if (maxJobs < 1) throw new IllegalArgumentException("maxJobs must be positive");
    }

    public static ApiJobPolicy defaults() {
        return new ApiJobPolicy(true, List.of(), DEFAULT_MIN_PERIOD, DEFAULT_MAX_JOBS);
    }

    /**
     * Refuses a caller of {@code role} who may not write a job of {@code type} (403), looked at before the body is
     * validated so that a caller without the right learns nothing about what would pass; {@code before} is the job
     * it replaces, if any.
     */
    void checkCaller(Object type, Optional<JobSpec> before, Role role, String caller) {
        boolean code = type instanceof String t && CODE_TYPES.contains(t);
        boolean replacesCode = before.map(b -> CODE_TYPES.contains(b.type())).orElse(false);
        if (code && !codeJobs) {
            throw new ApiException(
                    403,
                    "type",
                    type + " jobs cannot be created or changed through the API on this instance"
                            + " (security.api-code-jobs is false); define them in the config file");
        }
        if ((code || replacesCode) && !role.includes(Role.ADMIN)) {
            Object what = code ? type : before.get().type();
            throw new ApiException(
                    403,
                    "type",
                    "token '" + caller + "' has role " + role.configName() + "; creating or changing a " + what
                            + " job needs admin, because it runs commands on this host");
        }
    }

    /** Refuses a valid job that no API job may be (400): a host outside http-allow, a too short period. */
    void checkLimits(JobSpec spec, Instant now) {
        if (spec.type().equals("http")) checkHost(spec);
        checkPeriod(spec, now);
    }

    /** The allowed hosts, as the http runner also applies them to redirects. */
    public HostPatterns hosts() {
        return new HostPatterns(httpAllow);
    }

    /** Refuses a new job once the store holds {@code maxJobs}. */
    void checkRoom(int jobsNow) {
        if (jobsNow >= maxJobs) {
            throw new ApiException(
                    409,
                    "id",
                    "the instance holds " + jobsNow + " jobs, the most security.max-jobs allows (" + maxJobs
                            + "); delete some first");
        }
    }

    private void checkHost(JobSpec spec) {
        if (httpAllow.isEmpty()) return;
        Object url = spec.settings().get("url");
        String host;
        try {
            host = URI.create(String.valueOf(url).strip()).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        if (host != null && hosts().allows(host)) return;
        throw ApiException.badRequest(
                "url",
                "host " + (host == null ? "?" : "'" + host + "'") + " is not in security.http-allow ("
                        + String.join(", ", httpAllow) + ")");
    }

    private void checkPeriod(JobSpec spec, Instant now) {
        if (minPeriod.isZero()) return;
        Schedule schedule = Schedules.parse(spec.schedule(), spec.zone());
        Duration shortest = shortestGap(schedule, now);
        if (shortest != null && shortest.compareTo(minPeriod) < 0) {
            throw ApiException.badRequest(
                    "schedule",
                    "fires " + Durations.format(shortest) + " apart; jobs created through the API may fire at most"
                            + " every " + Durations.format(minPeriod) + " (security.min-period)");
        }
    }

    /** The shortest gap between the next fires; null for a schedule that fires at most once. */
    static Duration shortestGap(Schedule schedule, Instant now) {
        Duration shortest = null;
        Instant previous = schedule.nextAfter(now).orElse(null);
        for (int i = 0; previous != null && i < SAMPLED_FIRES; i++) {
            Instant next = schedule.nextAfter(previous).orElse(null);
            if (next == null) break;
            Duration gap = Duration.between(previous, next);
            if (shortest == null || gap.compareTo(shortest) < 0) shortest = gap;
            previous = next;
        }
        return shortest;
    }
}
