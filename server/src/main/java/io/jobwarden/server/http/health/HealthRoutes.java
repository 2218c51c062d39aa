package io.jobwarden.server.http.health;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.jobwarden.engine.Jobwarden;
import io.jobwarden.server.http.JsonCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code /health} (every component), {@code /health/live} (is the process worth keeping: the scheduler loop is
 * not hung) and {@code /health/ready} (should work be sent here: store UP, claiming under a valid lease).
 * 200 when UP, 503 when DOWN; no token needed. Details (paths, the store's URL, versions) only go to callers
 * {@code mayReadDetails} admits; others get each component's status alone.
 */
public final class HealthRoutes {
    private final HealthChecks checks;
    private final JsonCodec json;
    private final List<HealthContributor> all;
    private final List<HealthContributor> live;
    private final List<HealthContributor> ready;
    private final Predicate<Context> mayReadDetails;

    public HealthRoutes(
            Jobwarden engine,
            Path diskPath,
            long diskThreshold,
            List<HealthContributor> extra,
            HealthChecks checks,
            JsonCodec json,
            Predicate<Context> mayReadDetails) {
        this.checks = checks;
        this.mayReadDetails = mayReadDetails;
        this.json = json;
        StoreHealth store = new StoreHealth(engine.store());
        SchedulerHealth scheduler = new SchedulerHealth(engine);
        List<HealthContributor> everything =
                new ArrayList<>(List.of(store, scheduler, new DiskSpaceHealth(diskPath, diskThreshold)));
        everything.addAll(extra);
        this.all = List.copyOf(everything);
        this.live = List.of(HealthContributor.of("scheduler", true, scheduler::liveness));
        this.ready = List.of(store, HealthContributor.of("scheduler", true, scheduler::readiness));
    }

    public void register(Javalin app) {
        app.get("/health", ctx -> answer(ctx, all));
        app.get("/health/live", ctx -> answer(ctx, live));
        app.get("/health/ready", ctx -> answer(ctx, ready));
    }

    private void answer(Context ctx, List<HealthContributor> contributors) {
        HealthChecks.Report report = checks.run(contributors);
        ctx.header("Cache-Control", "no-store");
        Map<String, Object> body = report.toJson();
        if (!mayReadDetails.test(ctx)) body = withoutDetails(report);
        json.respond(ctx, report.isUp() ? 200 : 503, body);
    }

    private static Map<String, Object> withoutDetails(HealthChecks.Report report) {
        Map<String, Object> parts = new LinkedHashMap<>();
        report.components()
                .forEach((name, health) ->
                        parts.put(name, Map.of("status", health.status().name())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", report.status().name());
        out.put("components", parts);
        return out;
    }
}
