package io.jobwarden.server.http.jobs;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.jobwarden.engine.JobSpec;
import io.jobwarden.engine.JobSpecReader;
import io.jobwarden.engine.SchedulerClient;
import io.jobwarden.engine.spi.JobOrigin;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.engine.spi.StoredJob;
import io.jobwarden.server.http.ApiException;
import io.jobwarden.server.http.JsonCodec;
import io.jobwarden.server.http.QueryParams;
import io.jobwarden.server.http.auth.AccessGuard;
import io.jobwarden.server.http.auth.ApiToken;
import io.jobwarden.server.http.auth.Role;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job registry of docs/api.md. Every change goes through the engine, which validates a posted job
 * exactly as one from the config file, persists it and schedules it at once on every node sharing the store.
 */
public final class JobRoutes {
    public static final int DEFAULT_RUNS = 50;
    public static final int MAX_RUNS = 500;
    public static final int DEFAULT_JOBS = 50;
    public static final int MAX_JOBS = 500;
    private static final Logger log = LoggerFactory.getLogger(JobRoutes.class);

    private final SchedulerClient engine;
    private final JsonCodec json;
    private final ApiJobPolicy policy;
    /**
     * Held from counting the jobs to adding one, so concurrent requests to this node cannot pass security.max-jobs
     * together; nodes of a cluster creating at the same moment still can, by at most one job each.
     */
    private final Object addingJobs = new Object();

    public JobRoutes(SchedulerClient engine, JsonCodec json) {
        this(engine, json, ApiJobPolicy.defaults());
    }

    public JobRoutes(SchedulerClient engine, JsonCodec json, ApiJobPolicy policy) {
        this.engine = engine;
        this.json = json;
        this.policy = policy;
    }

    public void register(Javalin app) {
        app.get("/api/jobs", this::list, Role.VIEWER);
        app.post("/api/jobs", this::create, Role.OPERATOR);
        app.get("/api/jobs/{id}", this::show, Role.VIEWER);
        app.put("/api/jobs/{id}", this::replace, Role.OPERATOR);
        app.delete("/api/jobs/{id}", this::delete, Role.OPERATOR);
        app.post("/api/jobs/{id}/trigger", this::trigger, Role.OPERATOR);
        app.post("/api/jobs/{id}/pause", this::pause, Role.OPERATOR);
        app.post("/api/jobs/{id}/resume", this::resume, Role.OPERATOR);
        app.get("/api/jobs/{id}/runs", this::runs, Role.VIEWER);
        app.get("/api/runs", this::recentRuns, Role.VIEWER);
        app.get("/api/runs/{runId}", this::run, Role.VIEWER);
    }

    /** Ordered by id; {@code after} is the last id of the previous page, {@code nextAfter} the cursor for the next. */
    private void list(Context ctx) {
        QueryParams query = new QueryParams(ctx.queryString());
        int limit = (int) query.number("limit", 1, MAX_JOBS, DEFAULT_JOBS);
        String after = query.text("after");
        if (after != null && !JobSpecReader.ID.matcher(after).matches()) {
            throw ApiException.badRequest("after", "must be a job id: the last id of the previous page");
        }
        List<StoredJob> page = engine.jobs().stream()
                .sorted(java.util.Comparator.comparing(StoredJob::id))
                .filter(j -> after == null || j.id().compareTo(after) > 0)
                .limit(limit + 1L)
                .toList();
        boolean more = page.size() > limit;
        if (more) page = page.subList(0, limit);
        Map<String, RunRecord> last = engine.lastRunSummaries(RunView.SUMMARY_ERROR_CHARS);
        List<Map<String, Object>> jobs =
                page.stream().map(j -> JobView.of(j, last.get(j.id()), engine)).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobs", jobs);
        out.put("nextAfter", more ? page.get(page.size() - 1).id() : null);
        json.respond(ctx, 200, out);
    }

    private void show(Context ctx) {
        json.respond(ctx, 200, view(existing(jobId(ctx))));
    }

    private void create(Context ctx) {
        Map<String, Object> body = json.object(ctx);
        Object bodyId = body.get("id");
        Optional<StoredJob> existing =
                bodyId instanceof String s && JobSpecReader.ID.matcher(s).matches() ? engine.job(s) : Optional.empty();
        allowCaller(ctx, body.get("type"), existing.map(StoredJob::spec));
        JobSpec spec = engine.specReader().readValid(body);
        policy.checkLimits(spec, engine.clock().instant());
        boolean created;
        synchronized (addingJobs) {
            if (existing.isEmpty()) policy.checkRoom(engine.jobs().size());
            created = engine.createJob(spec);
        }
        if (!created) {
            throw new ApiException(
                    409, "id", "a job '" + spec.id() + "' exists; PUT /api/jobs/" + spec.id() + " replaces it");
        }
        log.info("job {} created through the API", spec.id());
        ctx.header("Location", "/api/jobs/" + spec.id());
        json.respond(ctx, 201, withWarnings(view(existing(spec.id())), spec));
    }

    private void replace(Context ctx) {
        String id = jobId(ctx);
        Map<String, Object> body = json.object(ctx);
        Object bodyId = body.get("id");
        if (bodyId == null) {
            body.put("id", id);
        } else if (!id.equals(bodyId)) {
            throw ApiException.badRequest("id", "must be the id in the path ('" + id + "') or left out");
        }
        Optional<StoredJob> before = engine.job(id);
        allowCaller(ctx, body.get("type"), before.map(StoredJob::spec));
        JobSpec spec = engine.specReader().readValid(body);
        policy.checkLimits(spec, engine.clock().instant());
        synchronized (addingJobs) {
            if (before.isEmpty()) policy.checkRoom(engine.jobs().size());
            // An edited config job becomes the API's until the file's definition of it changes (semantics.md,
            // "Config jobs and API edits"), so a restart does not silently undo the edit.
            engine.putJob(spec, JobOrigin.API);
        }
        log.info("job {} {} through the API", id, before.isPresent() ? "replaced" : "created");
        if (before.isEmpty()) ctx.header("Location", "/api/jobs/" + id);
        json.respond(ctx, before.isPresent() ? 200 : 201, withWarnings(view(existing(id)), spec));
    }

    private void allowCaller(Context ctx, Object type, Optional<JobSpec> before) {
        Optional<ApiToken> caller = AccessGuard.caller(ctx);
        // Without a token the instance is open (loopback only): its caller is the machine's owner.
        Role role = caller.map(ApiToken::role).orElse(Role.ADMIN);
        policy.checkCaller(type, before, role, caller.map(ApiToken::name).orElse("(none)"));
    }

    private void delete(Context ctx) {
        String id = jobId(ctx);
        if (!engine.deleteJob(id)) throw unknownJob(id);
        log.info("job {} deleted through the API", id);
        ctx.status(204);
    }

    private void trigger(Context ctx) {
        String id = jobId(ctx);
        Instant fireAt = engine.trigger(id).orElseThrow(() -> unknownJob(id));
        boolean paused = engine.job(id).map(StoredJob::paused).orElse(false);
        log.info("job {} triggered through the API: fire {}", id, fireAt);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobId", id);
        out.put("fireAt", fireAt.toString());
        out.put("paused", paused);
        if (paused) out.put("message", "the job is paused; the fire waits until it is resumed");
        json.respond(ctx, 202, out);
    }

    private void pause(Context ctx) {
        String id = jobId(ctx);
        if (!engine.pauseJob(id)) throw unknownJob(id);
        log.info("job {} paused through the API", id);
        json.respond(ctx, 200, view(existing(id)));
    }

    private void resume(Context ctx) {
        String id = jobId(ctx);
        if (!engine.resumeJob(id)) throw unknownJob(id);
        log.info("job {} resumed through the API", id);
        json.respond(ctx, 200, view(existing(id)));
    }

    private void runs(Context ctx) {
        String id = jobId(ctx);
        QueryParams query = new QueryParams(ctx.queryString());
        int limit = (int) query.number("limit", 1, MAX_RUNS, DEFAULT_RUNS);
        Long before = query.optionalNumber("before", 1, Long.MAX_VALUE);
        List<RunRecord> runs = engine.runSummaries(id, limit, before, RunView.SUMMARY_ERROR_CHARS);
        // A deleted job's history stays readable; a job that never existed is a 404.
        if (runs.isEmpty() && before == null && engine.job(id).isEmpty()) throw unknownJob(id);
        Map<String, Object> page = page("jobId", id, runs, limit);
        if (before == null) {
            // what waits comes before what ran, on the first page only, so paging by run id stays as it was
            List<Object> items = new java.util.ArrayList<>();
            engine.waitingFires(id).forEach(w -> items.add(RunView.waiting(w)));
            items.addAll((List<?>) page.get("runs"));
            page.put("runs", items);
        }
        json.respond(ctx, 200, page);
    }

    private void recentRuns(Context ctx) {
        QueryParams query = new QueryParams(ctx.queryString());
        int limit = (int) query.number("limit", 1, MAX_RUNS, DEFAULT_RUNS);
        Long before = query.optionalNumber("before", 1, Long.MAX_VALUE);
        json.respond(
                ctx,
                200,
                page(null, null, engine.runSummaries(null, limit, before, RunView.SUMMARY_ERROR_CHARS), limit));
    }

    private void run(Context ctx) {
        String raw = PathParams.get(ctx, "runId");
        long runId;
        try {
            runId = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            runId = -1;
        }
        if (runId < 1) throw ApiException.badRequest("runId", "must be a positive whole number");
        long id = runId;
        RunRecord run = engine.run(id).orElseThrow(() -> ApiException.notFound("runId", "there is no run " + id));
        json.respond(ctx, 200, RunView.full(run));
    }

    private static Map<String, Object> page(String key, String value, List<RunRecord> runs, int limit) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (key != null) out.put(key, value);
        out.put("runs", runs.stream().map(RunView::summary).toList());
        // The cursor for the next (older) page; null when this page was the last.
        out.put("nextBefore", runs.size() == limit ? runs.get(runs.size() - 1).runId() : null);
        return out;
    }

    private Map<String, Object> view(StoredJob job) {
        RunRecord last = engine.runs(job.id(), 1, null).stream().findFirst().orElse(null);
        return JobView.of(job, last, engine);
    }

    /**
     * Accepted, but possibly not doing what the caller meant (a day-of-week number two dialects read differently,
     * an {@code @at} instant already past): said on the answer, never stored.
     */
    private Map<String, Object> withWarnings(Map<String, Object> view, JobSpec spec) {
        List<String> warnings = spec.warnings(engine.clock().instant());
        if (warnings.isEmpty()) return view;
        Map<String, Object> out = new LinkedHashMap<>(view);
        out.put("warnings", warnings);
        return out;
    }

    private StoredJob existing(String id) {
        return engine.job(id).orElseThrow(() -> unknownJob(id));
    }

    private static String jobId(Context ctx) {
        String id = PathParams.get(ctx, "id");
        if (!JobSpecReader.ID.matcher(id).matches()) {
            throw ApiException.badRequest(
                    "id",
                    "may use only letters, digits, '.', '_' and '-', must start with a letter or digit and be at most 128 characters");
        }
        return id;
    }

    private static ApiException unknownJob(String id) {
        return ApiException.notFound("id", "there is no job '" + id + "'");
    }
}
