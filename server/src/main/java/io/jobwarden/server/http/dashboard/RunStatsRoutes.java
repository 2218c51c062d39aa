package io.jobwarden.server.http.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.jobwarden.engine.SchedulerClient;
import io.jobwarden.engine.spi.RunRecord;
import io.jobwarden.server.http.JsonCodec;
import io.jobwarden.server.http.QueryParams;
import io.jobwarden.server.http.auth.Role;
import java.util.List;

/**
 * {@code GET /api/stats?hours=N}: runs and failures per minute over the last N hours (1 to 24, default 3) and fire
 * lateness, from the run history every node shares. History is read newest first, in pages, back to the window's
 * start or {@value #MAX_RUNS} runs, whichever comes first ({@code complete} says which).
 */
public final class RunStatsRoutes {
    public static final int DEFAULT_HOURS = 3;
    public static final int MAX_HOURS = 24;
    static final int PAGE = 500;
    static final int MAX_RUNS = 20_000;

    private final SchedulerClient engine;
    private final JsonCodec json;

    public RunStatsRoutes(SchedulerClient engine, JsonCodec json) {
        this.engine = engine;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/api/stats", this::stats, Role.VIEWER);
    }

    private void stats(Context ctx) {
        int hours = (int) new QueryParams(ctx.queryString()).number("hours", 1, MAX_HOURS, DEFAULT_HOURS);
        RunActivity activity = new RunActivity(engine.clock().instant(), hours * 60);
        Long before = null;
        int read = 0;
        boolean complete = true;
        while (true) {
            // Counting needs states and times only: neither output nor error is read.
            List<RunRecord> page = engine.runSummaries(null, PAGE, before, 0);
            page.forEach(activity::add);
            read += page.size();
            if (page.size() < PAGE) break;
            RunRecord oldest = page.get(page.size() - 1);
            if (activity.precedes(oldest)) break;
            if (read >= MAX_RUNS) {
                complete = false;
                break;
            }
            before = oldest.runId();
        }
        json.respond(ctx, 200, activity.toJson(complete));
    }
}
