package io.jobwarden.server.http.metrics;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: the registry in Prometheus text format. */
public final class MetricsRoutes {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final EngineGauges gauges;

    public MetricsRoutes(PrometheusMeterRegistry registry, EngineGauges gauges) {
        this.registry = registry;
        this.gauges = gauges;
    }

    /** @param roles none for public metrics, or the role a token needs */
    public void register(Javalin app, RouteRole... roles) {
        app.get("/metrics", this::scrape, roles);
    }

    private void scrape(Context ctx) {
        gauges.refresh();
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }
}
